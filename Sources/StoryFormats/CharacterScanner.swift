/// A reader that walks a passage's text character by character (the Harlowe and SugarCube
/// readers): what is at the cursor, and skipping past a closing mark.
protocol CharacterScanner {
    var characters: [Character] { get }
    var index: Int { get set }
}

extension CharacterScanner {
    func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    func starts(_ text: String) -> Bool {
        text.enumerated().allSatisfy { offset, character in peek(offset) == character }
    }

    func startsIgnoringCase(_ text: String) -> Bool {
        text.enumerated().allSatisfy { offset, character in peek(offset).map { $0.lowercased() == String(character) } ?? false }
    }

    /// On past `end` (or to the end of the text when it never comes).
    mutating func skip(past end: String) {
        while index < characters.count, !starts(end) { index += 1 }
        index = min(characters.count, index + end.count)
    }

    mutating func skip(pastIgnoringCase end: String) {
        while index < characters.count, !startsIgnoringCase(end) { index += 1 }
        index = min(characters.count, index + end.count)
    }
}
