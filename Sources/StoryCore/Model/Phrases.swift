import Foundation

// MARK: - A hero's special ability

/// A hero's special ability as the verb phrase stories need, in its three forms, made from
/// whatever people typed.
///
/// People type a verb phrase ("talk to owls"), a third-person one ("talks to owls"), a
/// gerund ("talking to owls") or a noun phrase ("super speed", which becomes "use super
/// speed"). Each gives the same forms:
///
///     let ability = AbilityPhrase("talks to owls")!
///     "Nova tried to \(ability.base)."      // Nova tried to talk to owls.
///     "She found the way by \(ability.ing)." // She found the way by talking to owls.
///     "Nova \(ability.past)."                // Nova talked to owls.
///
/// Only the verb changes; the rest is kept as typed ("remembers every map they see" is
/// "remembered every map they see"), with its whitespace collapsed and a final full stop
/// removed. A leading "can", "to" or "the power to" is dropped. Verbs are known from a list
/// (`Verb.known`): a plain or third-person form of a verb not on it is taken for a noun.
public struct AbilityPhrase: Hashable, Sendable {
    /// The phrase that follows "to": "talk to owls".
    public let base: String
    /// The phrase that follows "by": "talking to owls".
    public let ing: String
    /// What the hero did, after their name: "talked to owls" ("be invisible" gives
    /// "became invisible", which needs no agreement with the pronoun).
    public let past: String

    /// The ability in `text`, or nil when `text` has no words.
    public init?(_ text: String) {
        let words = Self.droppingLead(Phrases.words(of: text))
        guard !words.isEmpty else { return nil }
        guard let found = Self.verb(in: words) else {
            let phrase = words.joined(separator: " ")
            base = "use " + phrase
            ing = "using " + phrase
            past = "used " + phrase
            return
        }
        let (place, verb) = found
        // A verb typed in capitals stays in capitals.
        let typed = words[place]
        let shout = typed.count > 1 && typed == typed.uppercased() && typed != typed.lowercased()
        func with(_ form: String) -> String {
            (words[..<place] + [shout ? form.uppercased() : form] + words[(place + 1)...]).joined(separator: " ")
        }
        base = with(verb)
        ing = with(Verb.ing(verb))
        past = with(Verb.past(verb))
    }

    /// Words people put before the verb that stories do not need: "can fly", "to fly",
    /// "the power to fly".
    static let leads: [[String]] = [
        ["the", "ability", "to"], ["the", "power", "to"], ["ability", "to"], ["power", "to"], ["is", "able", "to"],
        ["able", "to"], ["can"], ["to"],
    ]

    /// Adverbs that may come before the verb: "always finds the way home".
    static let adverbs: Set<String> = ["always", "never", "sometimes", "secretly", "magically", "easily", "quietly", "silently"]

    /// Nouns that, right after a word in -ing, make a noun phrase: "healing powers",
    /// "glowing eyes" ("use healing powers", not "heal powers").
    static let abilityNouns: Set<String> = [
        "power", "powers", "strength", "speed", "vision", "sight", "eyes", "hands", "touch", "voice", "senses",
        "skills", "reflexes",
    ]

    private static func droppingLead(_ words: [String]) -> [String] {
        var words = words
        if let first = words.first { words[0] = Phrases.lowercasingFirstLetter(first) }
        let lower = words.map { $0.lowercased() }
        guard let lead = leads.first(where: { words.count > $0.count && lower.starts(with: $0) }) else { return words }
        words.removeFirst(lead.count)
        words[0] = Phrases.lowercasingFirstLetter(words[0])
        return words
    }

    /// Where the verb is and its base form; nil for a noun phrase.
    private static func verb(in words: [String]) -> (Int, String)? {
        let lower = words.map { $0.lowercased() }
        if let verb = Verb.base(of: lower[0]) {
            let gerundOfNoun = lower[0].hasSuffix("ing") && !Verb.isKnown(lower[0]) && lower.count > 1 && abilityNouns.contains(lower[1])
            return gerundOfNoun ? nil : (0, verb)
        }
        if lower.count > 1, adverbs.contains(lower[0]), let verb = Verb.base(of: lower[1]) { return (1, verb) }
        return nil
    }
}

// MARK: - The moral of a story

/// The lesson of a story, as people type it, in the shape writers need.
///
/// A `clause` has a verb of its own and fits "Sam learned that ___" ("friends make every
/// journey brighter", "it is good to share"). A `phrase` is a gerund or noun phrase and
/// fits "Sam learned a lot about ___" ("telling the truth even when it is hard", "the
/// power of friendship"). A command is made a phrase: "never give up" is "never giving
/// up", "be kind" is "being kind".
public enum MoralPhrase: Hashable, Sendable {
    case clause(String)
    case phrase(String)

    /// The moral in `text` (trimmed, a final full stop or exclamation mark removed, the first
    /// letter in lower case unless the first word is "I" or in capitals), or nil when it
    /// has no words.
    public init?(_ text: String) {
        var words = Phrases.words(of: text)
        guard let first = words.first else { return nil }
        let keepsCapital = first == "I" || first.hasPrefix("I'") || first.hasPrefix("I’")
            || (first.count > 1 && first == first.uppercased() && first != first.lowercased())
        if !keepsCapital { words[0] = first.prefix(1).lowercased() + first.dropFirst() }
        if let gerund = Self.commandAsGerund(words) {
            self = .phrase(gerund)
        } else {
            let text = words.joined(separator: " ")
            self = Self.isClause(words) ? .clause(text) : .phrase(text)
        }
    }

    /// The moral's words, as a clause or a phrase.
    public var text: String {
        switch self {
        case .clause(let text), .phrase(let text): text
        }
    }

    /// Verbs whose form here is finite, wherever they stand after the first word.
    static let finiteVerbs: Set<String> = [
        "is", "are", "was", "were", "am", "can", "could", "will", "would", "should", "must", "may", "might", "shall",
        "does", "did", "has", "had", "makes", "helps", "comes", "matters", "shines", "grows", "wins", "needs", "brings",
        "gives", "takes", "keeps", "leads", "pays", "builds", "counts", "goes", "turns", "opens", "heals", "lasts",
        "spreads", "beats", "conquers", "deserves", "belongs", "feels", "gets", "starts", "begins", "means", "stays",
        "works", "lifts", "brightens", "warms", "fills", "finds", "shows", "sticks", "knows", "loves", "carries",
        "adds", "returns", "blooms", "glows",
    ]

    /// Verbs that are finite in their plain form after a plural subject ("friends make"),
    /// unless a word that goes before a noun comes first ("a little help").
    static let pluralVerbs: Set<String> = [
        "do", "have", "make", "help", "come", "matter", "grow", "give", "take", "keep", "bring", "mean", "belong",
        "deserve", "become", "go", "get", "shine", "stick", "stay", "need", "find", "know", "last", "count",
    ]

    /// Words after which a plain verb is a noun: "the help", "a little help", "of love".
    static let beforeNouns: Set<String> = [
        "the", "a", "an", "this", "these", "those", "my", "your", "our", "their", "his", "her", "its", "every", "each",
        "some", "any", "no", "of", "for", "with", "in", "on", "at", "from", "by", "about", "to", "little", "big", "much",
        "more", "extra", "real", "true", "good", "great", "hard",
    ]

    /// Words that begin a smaller clause: a verb after them is not the moral's own.
    static let subordinators: Set<String> = [
        "when", "whenever", "if", "because", "though", "although", "while", "who", "whom", "whose", "which", "that",
        "what", "how", "where", "wherever", "until", "unless", "before", "after", "since", "why",
    ]

    /// First words that begin a clause whose main part follows: "when you share, everyone wins".
    static let clauseOpeners: Set<String> = ["when", "whenever", "if", "unless", "although", "though", "because", "once"]

    /// Subjects whose verb may be any word in -s: "kindness wins", "honesty builds trust".
    static let subjects: Set<String> = [
        "love", "hope", "truth", "courage", "teamwork", "practice", "trust", "everyone", "everybody", "someone",
        "somebody", "nobody", "nothing", "everything", "it", "he", "she", "this",
    ]
    static let abstractEndings = ["ness", "ity", "ty", "ship", "ence", "ance", "dom", "hood", "ment", "ism", "tion", "sion"]

    /// Words that, after a verb that is also a noun, show it is a command: "love one another".
    static let objects: Set<String> = [
        "others", "yourself", "yourselves", "one", "each", "everyone", "everybody", "people", "them", "us", "your",
        "every", "together",
    ]

    /// "be kind" as "being kind", "never give up" as "never giving up", "don't give up" as
    /// "not giving up"; nil when the moral is not a command.
    static func commandAsGerund(_ words: [String]) -> String? {
        let lower = words.map(Phrases.plain)
        var lead: [String] = []
        var place = 0
        if lower[0] == "don't" {
            (lead, place) = (["not"], 1)
        } else if lower.count > 2, lower[0] == "do", lower[1] == "not" {
            (lead, place) = (["not"], 2)
        } else if lower[0] == "never" || lower[0] == "always" {
            (lead, place) = ([words[0]], 1)
        }
        guard place < words.count, Verb.isKnown(lower[place]) else { return nil }
        if place == 0, Verb.nounsToo.contains(lower[0]) {
            guard lower.count > 1, objects.contains(lower[1]) else { return nil }
        }
        return (lead + [Verb.ing(lower[place])] + words[(place + 1)...]).joined(separator: " ")
    }

    /// Whether the words have a finite verb of their own.
    static func isClause(_ words: [String]) -> Bool {
        let lower = words.map(Phrases.plain)
        if lower.count > 1, clauseOpeners.contains(lower[0]) { return true }
        if isContracted(lower[0]) { return true }
        for place in lower.indices.dropFirst() {
            let word = lower[place], before = lower[place - 1]
            if subordinators.contains(word) { return false }
            if isContracted(word) { return true }
            if finiteVerbs.contains(word), before != "to" { return true }
            if pluralVerbs.contains(word), !beforeNouns.contains(before), !before.hasSuffix("'s") { return true }
        }
        // "kindness wins": an abstract subject and a word in -s.
        guard lower.count > 1 else { return false }
        let subject = lower[0], verb = lower[1]
        let abstract = subjects.contains(subject) || abstractEndings.contains { subject.hasSuffix($0) && subject.count > $0.count + 2 }
        return abstract && verb.count > 2 && verb.hasSuffix("s") && !verb.hasSuffix("ss") && !verb.contains("'")
    }

    /// "it's", "we're", "can't": a word with its verb inside.
    static func isContracted(_ word: String) -> Bool {
        if ["n't", "'re", "'m", "'ll", "'ve", "'d"].contains(where: { word.hasSuffix($0) }) { return true }
        guard word.hasSuffix("'s") else { return false }
        return ["it", "that", "there", "here", "he", "she", "everyone", "everybody", "nobody", "someone", "life"]
            .contains(String(word.dropLast(2)))
    }
}

// MARK: - Words

/// Text rules the phrases share.
enum Phrases {
    /// The words of `text`: trimmed, split at whitespace, a final full stop or exclamation
    /// mark removed (not an ellipsis): the sentence a writer puts it in has its own.
    static func words(of text: String) -> [String] {
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard var last = words.popLast() else { return [] }
        while last.hasSuffix("!") { last.removeLast() }
        if last.hasSuffix("."), !last.hasSuffix("..") { last.removeLast() }
        if !last.isEmpty { words.append(last) }
        return words
    }

    /// "Talks" as "talks", "A" as "a"; "TV", "X-ray" and "I" are kept.
    static func lowercasingFirstLetter(_ word: String) -> String {
        let letters = Array(word)
        guard let first = letters.first, first.isUppercase else { return word }
        let lowerNext = letters.count > 1 ? letters[1].isLowercase : word != "I"
        return lowerNext ? first.lowercased() + word.dropFirst() : word
    }

    /// A word in lower case with a straight apostrophe, for looking up.
    static func plain(_ word: String) -> String {
        word.lowercased().replacingOccurrences(of: "’", with: "'")
    }
}
