import Foundation

/// The one textual form of a moment in the database: ISO-8601 in UTC with milliseconds,
/// `2026-11-26T21:37:37.123Z`, the same form the schema's `strftime` defaults produce.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func string(from date: Date) -> String {
        // By arithmetic, the exact inverse of `fastDate` (the general formatter truncates, so
        // a read and written date could drift by a millisecond).
        let total = Int((date.timeIntervalSince1970 * 1_000).rounded())
        let millisecondsPerDay = 86_400_000
        let days = total >= 0 ? total / millisecondsPerDay : (total - millisecondsPerDay + 1) / millisecondsPerDay
        let ofDay = total - days * millisecondsPerDay
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(ofDay / 3_600_000, 2)):"
            + "\(pad(ofDay / 60_000 % 60, 2)):\(pad(ofDay / 1_000 % 60, 2)).\(pad(ofDay % 1_000, 3))Z"
    }

    public static func date(from string: String) -> Date? {
        if let date = fastDate(string) { return date }
        // GRDB's own form, `2026-11-26 21:37:37.123` in UTC: builds before 2026-11-27 wrote
        // it for rows stored through Codable records (profiles, heroes, jobs).
        if string.utf8.count == 23, string.utf8[string.utf8.index(string.utf8.startIndex, offsetBy: 10)] == UInt8(ascii: " "),
           let date = fastDate(string.replacingOccurrences(of: " ", with: "T") + "Z") {
            return date
        }
        if let date = try? style.parse(string) { return date }
        // Rows written by hand in SQL may lack the fraction.
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string)
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM:SS.sssZ` by arithmetic: stories are loaded with two
    /// timestamps a row, and the general parser dominated loading a large story.
    static func fastDate(_ string: String) -> Date? {
        var string = string
        return string.withUTF8 { bytes -> Date? in
            guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
                  bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                  let millisecond = number(20..<23), (1...12).contains(month), (1...31).contains(day), hour < 24,
                  minute < 60, second < 61 else { return nil }
            // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
            return Date(timeIntervalSince1970: Double(seconds * 1_000 + millisecond) / 1_000)
        }
    }
}
