#pragma once

namespace icp {
// Registers every value type that crosses threads in a queued signal. Idempotent; call once per process.
void registerMetaTypes();
} // namespace icp
