import Foundation
import StoryCore

// MARK: - Sentences shaped for the readers

extension Teller {

    /// Sentences as long as the readers: the youngest hear "Zeke pushed gently. Mossy
    /// rocked back." where older readers get "Zeke pushed gently, and Mossy rocked back."
    /// Quotations are left as they were written.
    func shaped(_ lines: [String]) -> String {
        var sentences = lines.flatMap(Self.sentences)
        switch plan.ageRange {
        case .fourToSix:
            let subjects = PronounForms(plan.cast.pronouns).subject
            sentences = sentences.flatMap { Self.split($0, subjects: [plan.cast.name, subjects, "he", "she", "it", "they"]) }
        case .eightToTen:
            // Within a line only: two lines are two things that happened, and "…, and the
            // stars had not been stolen" would join a cause to what it did not cause.
            sentences = lines.flatMap { line in
                var joined: [String] = []
                for sentence in Self.sentences(line) {
                    if let last = joined.last, let both = Self.join(last, sentence, hero: plan.cast.name) {
                        joined[joined.count - 1] = both
                    } else {
                        joined.append(sentence)
                    }
                }
                return joined
            }
        case .sixToEight, .all:
            break
        }
        return sentences.joined(separator: " ")
    }

    /// The sentences of a line as written, each with its stop and closing quotes.
    static func sentences(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(line)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let atEnd = index + 1 == characters.count
            if atEnd || (character == " " && index > 0 && ".!?\"”".contains(characters[index - 1])
                && (index + 1 < characters.count && (characters[index + 1].isUppercase || characters[index + 1] == "\"")))
                && !(characters[index - 1] == "\"" && index > 1 && !".!?".contains(characters[index - 2]))
            {
                let sentence = current.trimmingCharacters(in: .whitespaces)
                if !sentence.isEmpty { result.append(sentence) }
                current = ""
            }
        }
        return result
    }

    /// "X, and Y." as "X. Y.", "X, but Y." as "X. But Y." (and the same at "so", "then", a
    /// semicolon or a colon), and "X and she Y." as "X. She Y." when "and" joins two
    /// clauses with subjects of their own; only when both halves have three words or more
    /// and nothing is quoted.
    static func split(_ sentence: String, subjects: [String]) -> [String] {
        guard !sentence.contains("\"") else { return [sentence] }
        let joints = [(", and ", ""), (", but ", "But "), (", so ", "So "), (", then ", "Then "), ("; ", ""), (": ", "")]
            + subjects.map { (" and \($0) ", $0 + " ") }
        for (joint, keep) in joints {
            guard let range = sentence.range(of: joint) else { continue }
            let first = String(sentence[..<range.lowerBound])
            var second = String(sentence[range.upperBound...])
            // "Mira climbed up, then slid down." as "Mira climbed up. Then she slid down."
            if joint.hasPrefix(", "), !startsWithSubject(second, subjects: subjects),
               let verb = second.split(separator: " ").first, isSimplePast(String(verb)),
               let subject = subject(of: first, subjects: subjects)
            {
                second = subject + " " + second
            }
            guard first.split(separator: " ").count >= 3, second.split(separator: " ").count >= 2,
                  !keep.isEmpty && subjects.contains(keep.trimmingCharacters(in: .whitespaces)) || startsWithSubject(second, subjects: subjects)
            else { continue }
            return [first + "."] + split(keep.isEmpty ? capitalised(second) : capitalised(keep) + second, subjects: subjects)
        }
        return [sentence]
    }

    /// Who a clause that starts with the hero or a pronoun is about, as a pronoun: "Mira
    /// climbed" is "she" (`subjects` begins with the hero's name and subject pronoun).
    static func subject(of clause: String, subjects: [String]) -> String? {
        guard let word = clause.split(separator: " ").first.map(String.init), subjects.count > 1 else { return nil }
        if word == subjects[0] { return subjects[1] }
        return subjects.dropFirst().contains(word.lowercased()) ? word.lowercased() : nil
    }

    /// Whether a clause starts with who does it ("the door opened", "Mopsy dug"), so that it
    /// can stand as a sentence; "slid back down" cannot.
    static func startsWithSubject(_ clause: String, subjects: [String]) -> Bool {
        guard let word = clause.split(separator: " ").first.map({ String($0).trimmingCharacters(in: .punctuationCharacters) }),
              let letter = word.first
        else { return false }
        return letter.isUppercase || subjects.contains(word) || subjectWords.contains(word.lowercased())
    }

    static let subjectWords: Set<String> = [
        "i", "you", "he", "she", "it", "we", "they", "the", "a", "an", "his", "her", "its", "their", "my", "our", "your",
        "this", "that", "these", "those", "every", "everyone", "everything", "nobody", "somebody", "someone", "all", "there",
        "one", "two", "three", "some", "something",
    ]

    /// Two short plain sentences as one: "The door creaked. It opened." as "The door
    /// creaked, and it opened." Only when the second starts with the hero's name or a word
    /// that reads well in lower case.
    static func join(_ first: String, _ second: String, hero: String) -> String? {
        let short = { (sentence: String) in sentence.split(separator: " ").count <= 14 }
        let joined = { (sentence: String) in [", and ", ", but ", ", so "].contains { sentence.contains($0) } }
        guard short(first), short(second), first.hasSuffix("."), second.hasSuffix("."), !first.contains("\""),
              !second.contains("\""), !joined(first), !joined(second), let word = second.split(separator: " ").first.map(String.init)
        else { return nil }
        if word == hero { return first.dropLast() + ", and " + second }
        guard joinable.contains(word) else { return nil }
        return first.dropLast() + ", and " + lowercasingFirst(second)
    }

    static let joinable: Set<String> = [
        "He", "She", "They", "It", "The", "Its", "His", "Her", "Their", "Everyone", "Soon", "Now", "Then", "There",
        "Everything", "Nobody", "Somebody", "All", "A", "An",
    ]

    /// Capital letters where sentences start, simpler words for young readers.
    func polish(_ text: String) -> String {
        var text = text
        if let simpler = theme.ages[plan.ageRange]?.simpler, !simpler.isEmpty {
            text = EmbeddedWriter.replaceWords(in: text, simpler)
        }
        return EmbeddedWriter.capitaliseSentences(text)
    }

    static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// "Your shadow needs light" after a lead-in: "You see, your shadow needs light". A
    /// sentence starting with "I" keeps its capital; one starting with a name starts with
    /// a slot in its pack, and callers leave it as it is.
    static func lowercasingFirst(_ sentence: String) -> String {
        guard let first = sentence.first, first.isUppercase else { return sentence }
        let word = sentence.prefix { $0.isLetter }
        if word == "I" { return sentence }
        return first.lowercased() + sentence.dropFirst()
    }

    /// "a, b and c".
    static func list(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}

extension EmbeddedWriter {
    /// Upper-cases the first letter of each sentence (ASCII letters: templates and names
    /// that start a sentence with another script already carry their own capital). A
    /// speech verb after a quotation that ends in "!" or "?" goes on the sentence:
    /// "Thank you!" said Glim.
    static func capitaliseSentences(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var atStart = true
        var afterStop = false
        var quoted = false
        // Whether the quotation now open began a sentence: one inside a sentence ("cheered
        // "Go!" so loudly") does not end it with its "!".
        var quoteOpensSentence = true
        // A quotation that stopped at a comma and goes on after its tag ("…," said Oona,
        // "so it might as well be me!") goes on in small letters.
        var quoteBrokeOff = false
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                if atStart, !(quoted && saysWho(bytes, at: index)) { bytes[index] = byte - 0x20 }
                atStart = false
                afterStop = false
                quoted = false
            case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                afterStop = true
                quoteBrokeOff = false
                quoted = false
            case UInt8(ascii: " "), UInt8(ascii: "\n"):
                if afterStop { atStart = true }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if afterStop, index > 0, bytes[index - 1] == UInt8(ascii: "!") || bytes[index - 1] == UInt8(ascii: "?") {
                    if quoteOpensSentence { quoted = true } else { afterStop = false }
                } else if byte == UInt8(ascii: "\""), index == 0 || bytes[index - 1] == UInt8(ascii: " ") {
                    // What is said starts with a capital: said, "Your age!"
                    quoteOpensSentence = atStart
                    if !quoteBrokeOff { atStart = true }
                    quoteBrokeOff = false
                } else if byte == UInt8(ascii: "\""), index > 0, bytes[index - 1] == UInt8(ascii: ",") {
                    quoteBrokeOff = true
                }
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x9C:
                break  // an opening curly quote
            case 0x80...0xBF:
                break  // inside a character begun earlier
            default:
                atStart = false
                afterStop = false
                quoted = false
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Verbs that tag a quotation: after `"Hello!"` they start no new sentence.
    static let speechVerbs: Set<String> = [
        "said", "asked", "cried", "called", "whispered", "shouted", "laughed", "sang", "giggled", "beeped", "squeaked",
        "replied", "added", "answered", "hooted", "chirped", "boomed", "yelled", "gasped", "sighed", "cheered", "roared",
        "squawked", "barked", "purred", "rumbled", "buzzed", "chuckled", "puffed", "huffed", "tried", "came",
    ]

    /// Whether the words after a quotation tag it: "said Glim", or "she called".
    private static func saysWho(_ bytes: [UInt8], at index: Int) -> Bool {
        let first = word(in: bytes, at: index)
        if isSpeechVerb(first) { return true }
        let next = index + first.utf8.count + 1
        guard ["he", "she", "they", "it", "we"].contains(first), next < bytes.count, bytes[next - 1] == UInt8(ascii: " ") else { return false }
        return isSpeechVerb(word(in: bytes, at: next))
    }

    /// A word that tags a quotation: one of the list, or any past tense ("hummed Mop").
    private static func isSpeechVerb(_ word: String) -> Bool {
        speechVerbs.contains(word) || word.hasSuffix("ed")
    }

    private static func word(in bytes: [UInt8], at start: Int) -> String {
        let end = bytes[start...].firstIndex { !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } ?? bytes.endIndex
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Swaps whole words (any letter case; the word's case is kept).
    static func replaceWords(in text: String, _ words: [String: String]) -> String {
        var out = ""
        var word = ""
        func flush() {
            if let replacement = words[word.lowercased()] {
                out += SafetyFilter.matchCase(of: word, replacement)
            } else {
                out += word
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar == "-" {
                word.unicodeScalars.append(scalar)
            } else {
                if !word.isEmpty { flush() }
                out.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { flush() }
        return out
    }
}

/// The forms of a hero's pronouns. Custom pronouns are written `subject/object/possessive`
/// (and optionally `/reflexive`), such as `xe/xem/xyr`.
struct PronounForms {
    var subject: String
    var object: String
    var possessive: String
    var reflexive: String
    var plural: Bool

    init(_ pronouns: Pronouns) {
        switch pronouns {
        case .she: (subject, object, possessive, reflexive, plural) = ("she", "her", "her", "herself", false)
        case .he: (subject, object, possessive, reflexive, plural) = ("he", "him", "his", "himself", false)
        case .they: (subject, object, possessive, reflexive, plural) = ("they", "them", "their", "themself", true)
        case .custom(let text):
            let parts = text.split(separator: "/").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            subject = parts.first ?? "they"
            object = parts.count > 1 ? parts[1] : subject
            possessive = parts.count > 2 ? parts[2] : object + "s"
            reflexive = parts.count > 3 ? parts[3] : object + "self"
            plural = subject.lowercased() == "they"
        }
    }
}
