import Foundation
import StoryCore

/// The embedded writer at a set pace: each page takes `delay` seconds, as a model server's
/// would. End-to-end tests (`FORKTALE_TEST_WRITER_DELAY_MS`) and the latency benchmark use
/// it, so that jobs last long enough to be watched, cancelled or interrupted.
public struct PacedWriter: StoryWriter {
    let inner: EmbeddedWriter
    let delay: TimeInterval

    public init(inner: EmbeddedWriter, delay: TimeInterval) {
        self.inner = inner
        self.delay = delay
    }

    public var name: String { inner.name }
    public var model: String { inner.model }

    public func writeNode(_ request: NodeRequest) async throws -> NodeDraft {
        try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        return inner.renderNode(request.plan, request.index)
    }

    public func writeTitle(_ request: TitleRequest) async throws -> TitleDraft {
        inner.renderTitle(request.plan)
    }
}
