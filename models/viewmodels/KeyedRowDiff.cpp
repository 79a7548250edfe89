#include "KeyedRowDiff.h"
