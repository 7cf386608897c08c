import Foundation

/// The one textual form of a moment in the database: ISO-8601 in UTC with milliseconds,
/// `2026-11-26T21:37:37.123Z`, the same form the schema's `strftime` defaults produce.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func string(from date: Date) -> String {
        date.formatted(style)
    }

    public static func date(from string: String) -> Date? {
        if let date = try? style.parse(string) { return date }
        // Rows written by hand in SQL may lack the fraction.
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string)
    }
}
