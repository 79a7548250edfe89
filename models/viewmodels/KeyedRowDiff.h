#pragma once
namespace icp {
} // namespace icp
