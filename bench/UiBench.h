#pragma once
// `icp-bench ui`: the real console window (offscreen unless a platform is set) on the real runtime (embedded
// simulator over loopback HTTP, engine on its worker thread) fed with a generated contact center, measuring
// the GUI thread: lateness of a 5 ms probe timer, time to first paint, peak RSS.

namespace icp::bench {

// Creates its own QApplication; args are the ones after `ui`.
int runUiBench(int argc, char *argv[]);

} // namespace icp::bench
