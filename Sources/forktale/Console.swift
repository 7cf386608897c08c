import Foundation
import StoryCore
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Writing for people and for scripts: plain text when standard output is not a terminal,
/// JSON on request, errors as one line on standard error.
enum Console {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Styling only on a terminal, and never with NO_COLOR or TERM=dumb.
    static var styled: Bool {
        isTerminal && ColorDepth.allowed(by: ProcessInfo.processInfo.environment)
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("forktale: \(TerminalText.safe(message))\n".utf8))
    }

    static func bold(_ text: String) -> String {
        styled ? "\u{1B}[1m\(text)\u{1B}[0m" : text
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
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Asks a yes/no question on the terminal; anything but y/yes is no.
    static func confirm(_ question: String) -> Bool {
        print("\(question) [y/N] ", terminator: "")
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
    static func table(header: [String], rows: [[String]], flexible: Int? = nil) -> String {
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
        return ([bold(line(header))] + rows.map(line)).joined(separator: "\n")
    }
}
