import Foundation

// MARK: - Text measured as a reader would meet it

extension WriterQuality {
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && $0 != "'" && $0 != "-" }.map(String.init)
    }

    /// Sentences as a reader hears them: a quotation and the words that tag it are one
    /// sentence ("Is it a kite?" asked Sam).
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let trim = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"”"))
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            index += 1
            guard ".!?".contains(character) else { continue }
            while index < characters.count, "\"”'".contains(characters[index]) {
                current.append(characters[index])
                index += 1
            }
            var next = index
            while next < characters.count, characters[next].isWhitespace { next += 1 }
            if next < characters.count, characters[next].isLowercase { continue }
            let sentence = current.trimmingCharacters(in: trim)
            if sentence.count > 1 { result.append(sentence) }
            current = ""
        }
        let rest = current.trimmingCharacters(in: trim)
        if rest.count > 1 { result.append(rest) }
        return result
    }
}

/// Sentence length and the Flesch-Kincaid grade, with syllables counted the usual rough
/// way (groups of vowels, a silent final e).
public struct Readability: Sendable {
    public var grade: Double
    public var meanWords: Double
    public var longest: Int
    public var longestSentence: String

    public init(_ text: String) {
        let all = WriterQuality.sentences(text)
        let lengths = all.map { $0.split(whereSeparator: \.isWhitespace).count }
        let words = all.flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "'" }) }.map(String.init)
        let syllables = words.reduce(0) { $0 + Self.syllables($1) }
        meanWords = Double(lengths.reduce(0, +)) / Double(max(1, all.count))
        longest = lengths.max() ?? 0
        longestSentence = all.indices.max { lengths[$0] < lengths[$1] }.map { all[$0] } ?? ""
        grade = 0.39 * meanWords + 11.8 * Double(syllables) / Double(max(1, words.count)) - 15.59
    }

    static func syllables(_ word: String) -> Int {
        let letters = Array(word.lowercased())
        var count = 0
        var previousVowel = false
        for letter in letters {
            let vowel = "aeiouy".contains(letter)
            if vowel && !previousVowel { count += 1 }
            previousVowel = vowel
        }
        if letters.count > 2, letters.last == "e", !"aeiouy".contains(letters[letters.count - 2]) { count -= 1 }
        return max(1, count)
    }
}
