import Foundation

/// A rule that a value broke, worded for the person who typed it.
///
/// `field` names the field as the database does (`name`, `primary_trait`), so a form can put
/// the message beside the right field and the command line can print it as one line.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

extension Array where Element == ValidationError {
    /// Throws the first error, so callers can `try draft.validate().throwFirst()`.
    public func throwFirst() throws {
        if let first { throw first }
    }
}

/// The field rules shared by every value type. The schema enforces the same limits
/// (see `Schema.swift` in StoryStore); keep the two in step.
public enum Rules {
    public static let heroNameMaxLength = 50
    public static let profileNameMaxLength = 50
    public static let pronounsMaxLength = 30
    public static let appearanceMaxLength = 500
    public static let specialAbilityMaxLength = 200
    public static let storyTitleMaxLength = 200
    public static let templateTitleMaxLength = 100
    public static let choiceTextMaxLength = 500

    /// Checks a short name-like field: not empty after trimming, at most `maxLength`
    /// characters (counted as Unicode scalars, as SQLite's `length()` counts them), and no
    /// control characters.
    public static func checkName(_ value: String, field: String, label: String, maxLength: Int) -> ValidationError? {
        // One pass, no copies: this runs for every choice of every story stored.
        var length = 0
        var spaces = 0
        var started = false
        var hasControl = false
        for scalar in value.unicodeScalars {
            hasControl = hasControl || isControl(scalar)
            if isWhitespace(scalar) {
                if started { spaces += 1 }
            } else {
                length += (started ? spaces : 0) + 1
                spaces = 0
                started = true
            }
        }
        if !started {
            return ValidationError(field: field, message: "\(label) must not be empty.")
        }
        if length > maxLength {
            return ValidationError(field: field, message: "\(label) is too long: \(length) characters, at most \(maxLength).")
        }
        if hasControl {
            return ValidationError(field: field, message: "\(label) must not contain control characters.")
        }
        return nil
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// Checks a free-text field that may be empty: at most `maxLength` characters.
    public static func checkText(_ value: String, field: String, label: String, maxLength: Int) -> ValidationError? {
        let length = value.unicodeScalars.count
        if length > maxLength {
            return ValidationError(field: field, message: "\(label) is too long: \(length) characters, at most \(maxLength).")
        }
        return nil
    }

    /// C0 and C1 control characters and DEL: the characters names never contain.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
