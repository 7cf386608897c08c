import Foundation
import StoryCore
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Writing for people and for scripts: plain text when standard output is not a terminal,
/// JSON on request, errors as one line on standard error.
enum Console {
    /// Writes to standard output: the only way the command line prints, so everything a
    /// story, a model or a file put into the text is made safe (`ConsoleText`).
    static func out(_ text: ConsoleText, terminator: String = "\n") {
        Swift.print(text.rendered, terminator: terminator)
    }

    /// A line for a reader waiting at the prompt (`play --plain`): written at once.
    static func say(_ text: String) {
        out(ConsoleText(text))
        fflush(nil)
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Styling only on a terminal, and never with NO_COLOR or TERM=dumb.
    static var styled: Bool {
        isTerminal && ColorDepth.allowed(by: ProcessInfo.processInfo.environment)
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("forktale: \(TerminalText.safe(message))\n".utf8))
    }

    static func bold(_ text: ConsoleText) -> ConsoleText {
        styled ? ConsoleText(verbatim: "\u{1B}[1m" + text.rendered + "\u{1B}[0m") : text
    }

    /// Prints `value` as pretty JSON with snake_case keys.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(from: date))
        }
        Swift.print(TerminalText.jsonSafe(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }

    /// Asks a yes/no question on the terminal; anything but y/yes is no.
    static func confirm(_ question: ConsoleText) -> Bool {
        out("\(question) [y/N] ", terminator: "")
        fflush(nil)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The terminal's width, or nil when standard output is not a terminal.
    static var columns: Int? {
        var size = winsize()
        guard isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// A table with a header row; columns sized to their widest cell. On a terminal the
    /// `flexible` column is cut so that rows fit the width.
    static func table(header: [String], rows: [[String]], flexible: Int? = nil) -> ConsoleText {
        let rows = rows.map { $0.map(TerminalText.safe) }
        var widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(TerminalText.width).max() ?? 0
        }
        if let flexible, let columns {
            let others = widths.enumerated().filter { $0.offset != flexible }.reduce(0) { $0 + $1.element + 2 }
            widths[flexible] = max(header[flexible].count, min(widths[flexible], columns - others))
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let cut = TerminalText.truncate(cell, toWidth: widths[column])
                return column == cells.count - 1 ? cut : TerminalText.pad(cut, toWidth: widths[column])
            }.joined(separator: "  ")
        }
        return ([bold(ConsoleText(line(header)))] + rows.map { ConsoleText(line($0)) }).joined(separator: "\n")
    }
}

/// Text for the terminal that is safe by construction: what the program writes in a
/// literal is kept, and every value interpolated into it, or given as a `String`, passes
/// through `TerminalText.safe`. Styling (`Console.bold`) is the only other way in.
struct ConsoleText: ExpressibleByStringInterpolation, Equatable, Sendable {
    fileprivate(set) var rendered: String
    var isEmpty: Bool { rendered.isEmpty }

    init(_ text: String) { rendered = TerminalText.safe(text) }
    /// Text kept as it is: already safe, or styling the program made itself (bold, a
    /// portrait's colours).
    init(verbatim: String) { rendered = verbatim }
    init(stringLiteral value: String) { rendered = value }
    init(stringInterpolation: Interpolation) { rendered = stringInterpolation.rendered }

    struct Interpolation: StringInterpolationProtocol {
        var rendered = ""
        init(literalCapacity: Int, interpolationCount: Int) { rendered.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { rendered += literal }
        mutating func appendInterpolation(_ text: ConsoleText) { rendered += text.rendered }
        mutating func appendInterpolation<Value>(_ value: Value) { rendered += TerminalText.safe("\(value)") }
    }

    static func + (left: ConsoleText, right: ConsoleText) -> ConsoleText { ConsoleText(verbatim: left.rendered + right.rendered) }
    static func += (left: inout ConsoleText, right: ConsoleText) { left.rendered += right.rendered }
}

extension Array where Element == ConsoleText {
    func joined(separator: String) -> ConsoleText {
        ConsoleText(verbatim: map(\.rendered).joined(separator: separator))
    }
}

/// Standard output is written through `Console.out` alone; a bare `print` in this module
/// does not compile.
@available(*, unavailable, message: "write with Console.out, which makes the text safe for the terminal")
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {}
