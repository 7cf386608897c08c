import Foundation

/// English verb forms, for the verbs children's abilities and morals start with.
enum Verb {
    /// Plain forms of verbs that abilities start with. A first word is taken for a verb
    /// when it is one of these (or in `irregularPast`), as typed or without its -s, -es or
    /// -ies; otherwise the ability is a noun phrase.
    static let known: Set<String> = [
        "accept", "act", "add", "aim", "answer", "apologise", "apologize", "appear", "ask", "bake", "balance", "bark",
        "beam", "befriend", "believe", "blend", "blink", "bloom", "blossom", "borrow", "bounce", "breathe", "brew",
        "brighten", "burrow", "buzz", "calculate", "call", "calm", "camouflage", "care", "carry",
        "cartwheel", "cast", "change", "charm", "chase", "chat", "cheer", "chirp", "clap", "clean", "climb", "clone",
        "close", "collect", "comfort", "command", "communicate", "conjure", "control", "cook", "cool", "copy",
        "count", "crack", "crawl", "create", "croak", "cuddle", "cure", "dance", "dash", "decode", "defend", "detect",
        "disappear", "discover", "disguise", "dive", "dodge", "drift", "drum", "duplicate", "enchant", "escape",
        "explore", "fetch", "fix", "flash", "flicker", "flip", "float", "flutter", "follow", "fold", "gallop",
        "gather", "giggle", "glide", "glimmer", "glitter", "glow", "grab", "grant", "greet", "guard", "guess",
        "guide", "hatch", "heal", "help", "hop", "hover", "howl", "hug", "hum", "hunt", "imagine", "imitate",
        "include", "invent", "jog", "juggle", "jump", "kick", "knit", "laugh", "launch", "levitate", "lift",
        "listen", "live", "locate", "look", "love", "march", "melt", "mend", "mimic", "mix", "move", "multiply",
        "navigate", "notice", "open", "outsmart", "outswim", "paddle", "paint", "pass", "pause", "peek", "perform",
        "pick", "play", "point", "pop", "pounce", "pour", "practice", "practise", "predict", "pretend", "protect",
        "pull", "purr", "push", "race", "reach", "reappear", "relax", "remember", "repair", "rescue", "respect", "return",
        "rewind", "rhyme", "roar", "roll", "row", "rush", "sail", "save", "search", "sense", "shape-shift",
        "shapeshift", "share", "shield", "shimmer", "shout", "sign", "signal", "skate", "sketch", "ski", "skip",
        "slip", "slither", "slow", "smile", "sneak", "sneeze", "sniff", "snorkel", "soar", "solve", "soothe",
        "sparkle", "spell", "splash", "spot", "sprint", "sprout", "squeak", "squeeze", "start", "stay", "steer",
        "stomp", "stop", "stretch", "summon", "surf", "surprise", "swap", "switch", "talk", "tame", "taste",
        "teleport", "thank", "tickle", "tie", "tiptoe", "touch", "trace", "track", "train", "transform",
        "translate", "travel", "treat", "trick", "trot", "trust", "try", "tumble", "tunnel", "turn", "twinkle",
        "twirl", "twist", "unlock", "untie", "use", "vanish", "visit", "wait", "walk", "wander", "warm", "watch",
        "whisper", "whistle", "wiggle", "wink", "wish", "work", "worry", "wriggle", "yell", "zap", "zoom",
    ]

    /// Past forms that do not follow the rules. "be" gives "became": "Nova became
    /// invisible" tells what happened and needs no "was" or "were" for the pronoun.
    static let irregularPast: [String: String] = [
        "be": "became", "become": "became", "begin": "began", "bend": "bent", "blow": "blew", "break": "broke",
        "bring": "brought", "build": "built", "buy": "bought", "cast": "cast", "catch": "caught", "choose": "chose", "cling": "clung",
        "come": "came", "creep": "crept", "dig": "dug", "do": "did", "draw": "drew", "dream": "dreamed",
        "drink": "drank", "drive": "drove", "eat": "ate", "fall": "fell", "feed": "fed", "feel": "felt",
        "find": "found", "fly": "flew", "foresee": "foresaw", "forget": "forgot", "forgive": "forgave",
        "freeze": "froze", "get": "got", "give": "gave", "go": "went", "grow": "grew", "hang": "hung", "have": "had",
        "hear": "heard", "hide": "hid", "hold": "held", "keep": "kept", "know": "knew", "lay": "laid", "lead": "led",
        "leap": "leapt", "learn": "learned", "leave": "left", "lend": "lent", "let": "let", "light": "lit",
        "make": "made", "mean": "meant", "meet": "met", "outrun": "outran", "overcome": "overcame", "pay": "paid",
        "put": "put", "quit": "quit", "read": "read", "rewind": "rewound", "ride": "rode", "ring": "rang", "rise": "rose", "run": "ran", "say": "said",
        "see": "saw", "seek": "sought", "sell": "sold", "send": "sent", "set": "set", "sew": "sewed",
        "shake": "shook", "shine": "shone", "show": "showed", "shrink": "shrank", "shut": "shut", "sing": "sang",
        "sink": "sank", "sit": "sat", "sleep": "slept", "slide": "slid", "smell": "smelled", "speak": "spoke",
        "spend": "spent", "spin": "spun", "split": "split", "spread": "spread", "spring": "sprang",
        "stand": "stood", "stick": "stuck", "sweep": "swept", "swim": "swam", "swing": "swung", "take": "took",
        "teach": "taught", "tell": "told", "think": "thought", "throw": "threw", "understand": "understood",
        "undo": "undid", "wake": "woke", "wear": "wore", "weave": "wove", "win": "won", "withstand": "withstood",
        "write": "wrote",
    ]

    /// Known verbs that are nouns as often: a moral starting with one is a command only
    /// when an object follows ("love one another", not "love for animals").
    static let nounsToo: Set<String> = [
        "love", "help", "hope", "care", "trust", "work", "play", "practice", "practise", "change", "light", "dream",
        "rest", "smile", "laugh", "look", "respect", "wait", "share",
    ]

    /// Words in -ing that are not gerunds.
    static let nounsInIng: Set<String> = [
        "something", "nothing", "anything", "everything", "morning", "evening", "ceiling", "lightning", "pudding",
        "sibling", "duckling", "earring", "wedding", "viking", "darling", "dumpling",
    ]

    /// Longer verbs whose last consonant doubles, as in "beginning".
    static let doublingLonger: Set<String> = [
        "begin", "forget", "admit", "control", "patrol", "regret", "prefer", "occur", "upset", "equip", "unzip",
        "outrun", "outwit", "outswim",
    ]

    static func isKnown(_ word: String) -> Bool {
        known.contains(word) || irregularPast[word] != nil
            || (word.count > 5 && (word.hasSuffix("ify") || word.hasSuffix("ize")))
    }

    /// The plain form of `word` when it is a verb: itself, a third-person form of a known
    /// verb ("flies", "does") or a gerund ("making"); nil otherwise. `word` is in lower case.
    static func base(of word: String) -> String? {
        if isKnown(word) { return word }
        switch word {
        case "is": return "be"
        case "has": return "have"
        default: break
        }
        if word.hasSuffix("ing"), let base = base(ofGerund: word) { return base }
        return base(ofThirdPerson: word)
    }

    /// "flies" as "fly", "watches" as "watch", "sees" as "see": known verbs only.
    static func base(ofThirdPerson word: String) -> String? {
        guard word.hasSuffix("s"), !word.hasSuffix("ss") else { return nil }
        let candidates = word.hasSuffix("ies") ? [String(word.dropLast(3)) + "y", String(word.dropLast())]
            : word.hasSuffix("es") ? [String(word.dropLast()), String(word.dropLast(2))]
            : [String(word.dropLast())]
        return candidates.first { isKnown($0) && thirdPerson($0) == word }
    }

    /// "making" as "make", "running" as "run", "hearing" as "hear": a known verb whose
    /// gerund it is, else the likeliest plain form by the spelling rules.
    static func base(ofGerund word: String) -> String? {
        let stem = String(word.dropLast(3))
        guard !nounsInIng.contains(word), stem.contains(where: isVowelOrY) else { return nil }
        var candidates = [stem, stem + "e"]
        if hasDoubledEnd(stem) || stem.hasSuffix("ck") { candidates.append(String(stem.dropLast())) }
        if stem.hasSuffix("y") { candidates.append(String(stem.dropLast()) + "ie") }
        if let known = candidates.first(where: { isKnown($0) && ing($0) == word }) { return known }
        return guessedBase(ofStem: stem)
    }

    /// The plain form of an unknown verb from what is left of its gerund.
    private static func guessedBase(ofStem stem: String) -> String {
        let letters = Array(stem)
        guard let last = letters.last, letters.count > 1 else { return stem }
        let before = letters[letters.count - 2]
        if hasDoubledEnd(stem) {
            // "zapping", "travelling"; but "sniffing", "buzzing", "spelling".
            if !"lsfz".contains(last) || (last == "l" && syllables(stem) > 1) { return String(stem.dropLast()) }
            return stem
        }
        // "juggling", "glancing", "diving", "sneezing", "gluing", "dodging", "sensing".
        if last == "l", !isVowelOrY(before), !"rlwn".contains(before) { return stem + "e" }
        if "cvzu".contains(last) { return stem + "e" }
        if (last == "g" && before == "d") || (last == "s" && !isVowelOrY(before)) { return stem + "e" }
        // "gliding": one short vowel and no doubled consonant, so the verb ends in e.
        if endsConsonantVowelConsonant(stem), syllables(stem) == 1 { return stem + "e" }
        return stem
    }

    /// "talks", "watches", "flies", "does".
    static func thirdPerson(_ verb: String) -> String {
        switch verb {
        case "be": return "is"
        case "have": return "has"
        default: break
        }
        if ["s", "x", "z", "ch", "sh", "o"].contains(where: { verb.hasSuffix($0) }) { return verb + "es" }
        if endsConsonantY(verb) { return String(verb.dropLast()) + "ies" }
        return verb + "s"
    }

    /// "talking", "making", "running", "seeing", "lying", "mimicking".
    static func ing(_ verb: String) -> String {
        if verb == "be" || ["ee", "oe", "ye"].contains(where: { verb.hasSuffix($0) }) { return verb + "ing" }
        if verb.hasSuffix("ie") { return String(verb.dropLast(2)) + "ying" }
        if verb.hasSuffix("e"), verb.count > 2 { return String(verb.dropLast()) + "ing" }
        if verb.hasSuffix("ic") { return verb + "king" }
        if doublesLast(verb), let last = verb.last { return verb + String(last) + "ing" }
        return verb + "ing"
    }

    /// "talked", "made", "hopped", "tried", "danced".
    static func past(_ verb: String) -> String {
        if let past = irregularPast[verb] { return past }
        if verb.hasSuffix("e") { return verb + "d" }
        if endsConsonantY(verb) { return String(verb.dropLast()) + "ied" }
        if verb.hasSuffix("ic") { return verb + "ked" }
        if doublesLast(verb), let last = verb.last { return verb + String(last) + "ed" }
        return verb + "ed"
    }

    // MARK: Spelling

    /// Whether the last consonant doubles before -ing and -ed: "hop", "swim", "begin", and
    /// in British spelling a last l after one vowel ("travel", "snorkel").
    static func doublesLast(_ verb: String) -> Bool {
        if doublingLonger.contains(verb) { return true }
        guard endsConsonantVowelConsonant(verb), let last = verb.last, !"wxy".contains(last) else { return false }
        return syllables(verb) == 1 || last == "l"
    }

    /// "hop", "quit", "travel": a consonant, one vowel and a consonant at the end.
    static func endsConsonantVowelConsonant(_ word: String) -> Bool {
        let letters = Array(word)
        guard letters.count >= 3 else { return false }
        let (a, b, c) = (letters[letters.count - 3], letters[letters.count - 2], letters[letters.count - 1])
        let quBefore = a == "u" && letters.count >= 4 && letters[letters.count - 4] == "q"
        return (!isVowel(a) || quBefore) && isVowel(b) && !isVowel(c) && c.isLetter
    }

    /// Runs of vowels: "hop" 1, "open" 2, "quit" 1.
    static func syllables(_ word: String) -> Int {
        var count = 0
        var inVowel = false
        for (index, letter) in word.enumerated() {
            let vowel = isVowel(letter) || (letter == "y" && index > 0)
            if vowel && !inVowel { count += 1 }
            inVowel = vowel
        }
        return count
    }

    private static func hasDoubledEnd(_ word: String) -> Bool {
        let letters = Array(word.suffix(2))
        return letters.count == 2 && letters[0] == letters[1] && !isVowel(letters[0])
    }

    private static func endsConsonantY(_ word: String) -> Bool {
        let letters = Array(word.suffix(2))
        return letters.count == 2 && letters[1] == "y" && !isVowel(letters[0])
    }

    private static func isVowel(_ letter: Character) -> Bool { "aeiou".contains(letter) }
    private static func isVowelOrY(_ letter: Character) -> Bool { "aeiouy".contains(letter) }
}

extension Verb {
    static let pastForms: Set<String> = Set(known.map(past)).union(irregularPast.values)
}

/// Whether a word is a verb's simple past, as a story tells what someone did: the past of a
/// verb the list knows ("slid", "climbed"), or another word in -ed ("wiggled"; not "-eed").
public func isSimplePast(_ word: String) -> Bool {
    let word = word.lowercased()
    return Verb.pastForms.contains(word) || (word.count > 3 && word.hasSuffix("ed") && !word.hasSuffix("eed"))
}
