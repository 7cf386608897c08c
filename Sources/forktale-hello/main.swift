import Foundation

// The baseline of `forktale-bench ui.startup`: how long a Foundation program takes to
// start and print on this machine.
print("Hello, world (\(ProcessInfo.processInfo.processIdentifier))")
