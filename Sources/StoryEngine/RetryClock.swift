import Foundation

/// Waits before a retry. The runner asks it for every wait, so a test can record the
/// delays and go on at once instead of sleeping through them.
public protocol RetryClock: Sendable {
    /// Runs `work` on `queue` after `delay` seconds.
    func after(_ delay: TimeInterval, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void)
}

/// The real clock: Dispatch's timer.
public struct DispatchRetryClock: RetryClock {
    public init() {}

    public func after(_ delay: TimeInterval, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        queue.asyncAfter(deadline: .now() + delay, execute: work)
    }
}

/// How long to wait before the next try: what the server asked for (`Retry-After`), or
/// `first` doubled for each try so far, spread by jitter (×0.75 to ×1.25) so that jobs
/// failing together do not come back together; never more than `limit`.
public struct Backoff: Sendable, Hashable {
    public var first: TimeInterval
    public var limit: TimeInterval

    public init(first: TimeInterval, limit: TimeInterval) {
        self.first = first
        self.limit = limit
    }

    /// - Parameters:
    ///   - tries: the tries made so far (1 after the first failure).
    ///   - jitter: a number in 0..<1.
    public func delay(afterTries tries: Int, _ error: WriterError, jitter: Double) -> TimeInterval {
        if let retryAfter = error.retryAfter { return min(max(0, retryAfter), limit) }
        let doubled = first * pow(2, Double(max(0, tries - 1)))
        return min(limit, doubled * (0.75 + 0.5 * jitter))
    }
}
