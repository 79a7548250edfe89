# One INTERFACE target carries every setting the project's targets share.
add_library(icp_common INTERFACE)
target_compile_features(icp_common INTERFACE cxx_std_20)
target_compile_definitions(icp_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT   # enforced by Qt >= 6.7; documents intent on 6.4
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    ICP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_compile_options(icp_common INTERFACE
    -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(ICP_WERROR)
    target_compile_options(icp_common INTERFACE -Werror)
endif()
