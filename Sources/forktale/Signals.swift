import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Signals that stop a command, handled on a queue instead of killing the process.
enum Signals {
    /// Calls `handler` with the signal's number when one of `numbers` arrives; cancel the
    /// returned sources to stop listening.
    static func handle(_ numbers: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
        numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }
}
