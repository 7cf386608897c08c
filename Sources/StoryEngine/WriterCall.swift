import Foundation

/// A writer that can answer on the calling thread; the runner skips the async machinery
/// for it. The embedded writer is one: its pages cost microseconds, so a task and a
/// semaphore per page would cost more than the writing.
public protocol ImmediateStoryWriter: StoryWriter {
    func writeNodeNow(_ request: NodeRequest) throws -> NodeDraft
    func writeTitleNow(_ request: TitleRequest) throws -> TitleDraft
}

extension EmbeddedWriter: ImmediateStoryWriter {
    public func writeNodeNow(_ request: NodeRequest) throws -> NodeDraft {
        renderNode(request.plan, request.index)
    }

    public func writeTitleNow(_ request: TitleRequest) throws -> TitleDraft {
        renderTitle(request.plan)
    }
}

/// Makes one writer call and delivers its result on `queue`, exactly once.
///
/// An immediate writer runs on `workers` (a concurrent Dispatch queue). An async writer
/// runs in a task, and nothing blocks while it works: blocking Dispatch threads on
/// semaphores while tasks need threads of the same pool starved both (measured: each
/// call took about a second to start). When the deadline passes first, the task is
/// cancelled and the result is a timeout; a late answer is dropped.
enum WriterCall {
    static func start<T: Sendable>(
        on workers: DispatchQueue, deliverOn queue: DispatchQueue, timeout: TimeInterval,
        immediate: (@Sendable () throws -> T)?, async body: @escaping @Sendable () async throws -> T,
        completion: @escaping @Sendable (Result<T, WriterError>) -> Void
    ) {
        if let immediate {
            workers.async {
                let result = Result { try immediate() }.mapError(writerError)
                queue.async { completion(result) }
            }
            return
        }
        let once = Once()
        let task = Task {
            let result = await Result { try await body() }.mapError(writerError)
            queue.async { if once.claim() { completion(result) } }
        }
        queue.asyncAfter(deadline: .now() + timeout) {
            guard once.claim() else { return }
            task.cancel()
            completion(.failure(.timeout(seconds: timeout)))
        }
    }

    private static func writerError(_ error: any Error) -> WriterError {
        if let error = error as? WriterError { return error }
        if error is CancellationError { return .retryable("The call was cancelled.") }
        return .retryable("\(error)")
    }
}

/// True for the first caller only; used on one serial queue.
private final class Once: @unchecked Sendable {
    private var done = false

    func claim() -> Bool {
        defer { done = true }
        return !done
    }
}

extension Result where Failure == any Error {
    /// Runs async work from synchronous code (a command's `run`, a benchmark) and waits for it.
    public static func waiting(_ work: @escaping @Sendable () async throws -> Success) -> Result where Success: Sendable {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Success>()
        Task {
            box.value = await Result { try await work() }
            done.signal()
        }
        done.wait()
        return box.value!
    }

    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}

private final class ResultBox<Success: Sendable>: @unchecked Sendable {
    var value: Result<Success, any Error>?
}
