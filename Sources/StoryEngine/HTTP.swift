import CCurlHTTP
import Foundation

/// HTTP for the model-server writer: libcurl, loaded the first time a request is made
/// (see `ft_http.h`), on a queue of its own so that no request holds up the engine.
/// Public for `forktale-bench`, whose baseline is the bare round trip.
public enum HTTP {
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var retryAfter: Double?
    }

    public enum Failure: Error, Sendable {
        case cannotConnect(String), timedOut, brokeOff(String), cancelled, unavailable(String), other(String)
    }

    private static let queue = DispatchQueue(label: "forktale.http", attributes: .concurrent)

    public static func send(_ method: String, _ url: URL, headers: [String: String], body: Data?, timeout: Double) async throws -> Response {
        let cancel = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        cancel.initialize(to: 0)
        let flag = SendablePointer(pointer: cancel)
        defer { cancel.deallocate() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                queue.async {
                    continuation.resume(with: Result { try perform(method, url, headers, body, timeout, flag.pointer) })
                }
            }
        } onCancel: {
            flag.pointer.pointee = 1
        }
    }

    private static func perform(
        _ method: String, _ url: URL, _ headers: [String: String], _ body: Data?, _ timeout: Double, _ cancel: UnsafeMutablePointer<Int32>
    ) throws -> Response {
        var result = ft_http_result()
        defer { ft_http_free(&result) }
        let lines = headers.map { "\($0.key): \($0.value)" }
        let strings = lines.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        var pointers = strings.map { UnsafePointer($0) }
        let payload = body ?? Data()
        payload.withUnsafeBytes { bytes in
            pointers.withUnsafeMutableBufferPointer { headerList in
                ft_http_request(
                    method, url.absoluteString, headerList.baseAddress, Int32(lines.count),
                    body == nil ? nil : bytes.baseAddress?.assumingMemoryBound(to: CChar.self), payload.count,
                    max(1, Int(timeout.rounded(.up))), cancel, &result)
            }
        }
        let message = withUnsafeBytes(of: result.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch result.error {
        case FT_HTTP_OK.rawValue.asInt32: break
        case FT_HTTP_CANNOT_CONNECT.rawValue.asInt32: throw Failure.cannotConnect(message)
        case FT_HTTP_TIMED_OUT.rawValue.asInt32: throw Failure.timedOut
        case FT_HTTP_BROKE_OFF.rawValue.asInt32: throw Failure.brokeOff(message)
        case FT_HTTP_CANCELLED.rawValue.asInt32: throw Failure.cancelled
        case FT_HTTP_NO_LIBCURL.rawValue.asInt32: throw Failure.unavailable(message)
        default: throw Failure.other(message)
        }
        let data = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
        let retryAfter = withUnsafeBytes(of: result.retry_after) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Response(status: result.status, body: data, retryAfter: Double(retryAfter))
    }
}

private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int32>
}

private extension UInt32 {
    var asInt32: Int32 { Int32(self) }
}
