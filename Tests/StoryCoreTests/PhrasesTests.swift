import Foundation
@testable import StoryCore
import Testing

/// What people typed, and the three forms a story needs.
struct AbilityExample: CustomTestStringConvertible, Sendable {
    var typed: String
    var base: String
    var ing: String
    var past: String

    init(_ typed: String, _ base: String, _ ing: String, _ past: String) {
        (self.typed, self.base, self.ing, self.past) = (typed, base, ing, past)
    }

    var testDescription: String { typed }
}

@Suite("A hero's special ability in a story sentence")
struct AbilityPhraseTests {
    static let verbPhrases = [
        AbilityExample("talk to owls", "talk to owls", "talking to owls", "talked to owls"),
        AbilityExample("fly", "fly", "flying", "flew"),
        AbilityExample("remember every map they see", "remember every map they see", "remembering every map they see",
                "remembered every map they see"),
        AbilityExample("see in the dark", "see in the dark", "seeing in the dark", "saw in the dark"),
        AbilityExample("make things glow", "make things glow", "making things glow", "made things glow"),
        AbilityExample("breathe underwater", "breathe underwater", "breathing underwater", "breathed underwater"),
        AbilityExample("run very fast", "run very fast", "running very fast", "ran very fast"),
        AbilityExample("swim like a fish", "swim like a fish", "swimming like a fish", "swam like a fish"),
        AbilityExample("speak every language", "speak every language", "speaking every language", "spoke every language"),
        AbilityExample("hear far-away sounds", "hear far-away sounds", "hearing far-away sounds", "heard far-away sounds"),
        AbilityExample("float like a feather", "float like a feather", "floating like a feather", "floated like a feather"),
        AbilityExample("hop over rivers", "hop over rivers", "hopping over rivers", "hopped over rivers"),
        AbilityExample("try anything once", "try anything once", "trying anything once", "tried anything once"),
        AbilityExample("dance on clouds", "dance on clouds", "dancing on clouds", "danced on clouds"),
        AbilityExample("sing to whales", "sing to whales", "singing to whales", "sang to whales"),
        AbilityExample("tie any knot", "tie any knot", "tying any knot", "tied any knot"),
        AbilityExample("mimic any voice", "mimic any voice", "mimicking any voice", "mimicked any voice"),
        AbilityExample("travel through time", "travel through time", "travelling through time", "travelled through time"),
        AbilityExample("open any lock", "open any lock", "opening any lock", "opened any lock"),
        AbilityExample("hypnotize snakes", "hypnotize snakes", "hypnotizing snakes", "hypnotized snakes"),
    ]

    static let thirdPerson = [
        AbilityExample("talks to owls", "talk to owls", "talking to owls", "talked to owls"),
        AbilityExample("remembers every map they see", "remember every map they see", "remembering every map they see",
                "remembered every map they see"),
        AbilityExample("flies", "fly", "flying", "flew"),
        AbilityExample("watches the sky", "watch the sky", "watching the sky", "watched the sky"),
        AbilityExample("does magic tricks", "do magic tricks", "doing magic tricks", "did magic tricks"),
        AbilityExample("has super strength", "have super strength", "having super strength", "had super strength"),
        AbilityExample("is invisible", "be invisible", "being invisible", "became invisible"),
        AbilityExample("sees through walls", "see through walls", "seeing through walls", "saw through walls"),
        AbilityExample("goes anywhere", "go anywhere", "going anywhere", "went anywhere"),
        AbilityExample("fixes anything", "fix anything", "fixing anything", "fixed anything"),
        AbilityExample("tries again", "try again", "trying again", "tried again"),
        AbilityExample("guesses every riddle", "guess every riddle", "guessing every riddle", "guessed every riddle"),
        AbilityExample("ties knots", "tie knots", "tying knots", "tied knots"),
    ]

    static let gerunds = [
        AbilityExample("talking to animals", "talk to animals", "talking to animals", "talked to animals"),
        AbilityExample("making things glow", "make things glow", "making things glow", "made things glow"),
        AbilityExample("running fast", "run fast", "running fast", "ran fast"),
        AbilityExample("flying", "fly", "flying", "flew"),
        AbilityExample("hearing far-away sounds", "hear far-away sounds", "hearing far-away sounds", "heard far-away sounds"),
        AbilityExample("shining bright", "shine bright", "shining bright", "shone bright"),
        AbilityExample("dancing on clouds", "dance on clouds", "dancing on clouds", "danced on clouds"),
        AbilityExample("floating like a feather", "float like a feather", "floating like a feather", "floated like a feather"),
        AbilityExample("opening any door", "open any door", "opening any door", "opened any door"),
        AbilityExample("being invisible", "be invisible", "being invisible", "became invisible"),
        AbilityExample("seeing in the dark", "see in the dark", "seeing in the dark", "saw in the dark"),
        AbilityExample("singing to whales", "sing to whales", "singing to whales", "sang to whales"),
        AbilityExample("swimming fast", "swim fast", "swimming fast", "swam fast"),
        AbilityExample("telling jokes", "tell jokes", "telling jokes", "told jokes"),
        AbilityExample("riding dragons", "ride dragons", "riding dragons", "rode dragons"),
        AbilityExample("tying knots", "tie knots", "tying knots", "tied knots"),
        AbilityExample("understanding birdsong", "understand birdsong", "understanding birdsong", "understood birdsong"),
        AbilityExample("shrinking to beetle size", "shrink to beetle size", "shrinking to beetle size", "shrank to beetle size"),
        AbilityExample("leaping over hedges", "leap over hedges", "leaping over hedges", "leapt over hedges"),
        AbilityExample("breathing underwater", "breathe underwater", "breathing underwater", "breathed underwater"),
    ]

    static let nounPhrases = [
        AbilityExample("super speed", "use super speed", "using super speed", "used super speed"),
        AbilityExample("invisibility", "use invisibility", "using invisibility", "used invisibility"),
        AbilityExample("a magic voice", "use a magic voice", "using a magic voice", "used a magic voice"),
        AbilityExample("x-ray vision", "use x-ray vision", "using x-ray vision", "used x-ray vision"),
        AbilityExample("super strength", "use super strength", "using super strength", "used super strength"),
        AbilityExample("healing powers", "use healing powers", "using healing powers", "used healing powers"),
        AbilityExample("bubble magic", "use bubble magic", "using bubble magic", "used bubble magic"),
        AbilityExample("super-fast swimming", "use super-fast swimming", "using super-fast swimming", "used super-fast swimming"),
        AbilityExample("lightning bolts", "use lightning bolts", "using lightning bolts", "used lightning bolts"),
        AbilityExample("wings", "use wings", "using wings", "used wings"),
    ]

    @Test("a verb phrase is kept, with its -ing and past forms", arguments: verbPhrases)
    func verbPhrase(_ ability: AbilityExample) throws {
        try expectForms(ability)
    }

    @Test("an old third-person ability loses its -s", arguments: thirdPerson)
    func thirdPersonForm(_ ability: AbilityExample) throws {
        try expectForms(ability)
    }

    @Test("an old gerund ability gets its plain verb back", arguments: gerunds)
    func gerund(_ ability: AbilityExample) throws {
        try expectForms(ability)
    }

    @Test("a noun phrase is something the hero uses", arguments: nounPhrases)
    func nounPhrase(_ ability: AbilityExample) throws {
        try expectForms(ability)
    }

    func expectForms(_ expected: AbilityExample) throws {
        let phrase = try #require(AbilityPhrase(expected.typed))
        #expect(phrase.base == expected.base)
        #expect(phrase.ing == expected.ing)
        #expect(phrase.past == expected.past)
        // Stored as its base, it reads back the same.
        #expect(AbilityPhrase(phrase.base) == phrase, "\(phrase.base) read back as \(String(describing: AbilityPhrase(phrase.base)))")
    }

    @Test("the issue's sentences read right")
    func sentences() throws {
        let owls = try #require(AbilityPhrase("talks to owls"))
        #expect("Use the gift: \(owls.base)." == "Use the gift: talk to owls.")
        #expect("Nova tried to \(owls.base)." == "Nova tried to talk to owls.")
        #expect("She found the way by \(owls.ing)." == "She found the way by talking to owls.")
        #expect("Nova \(owls.past)." == "Nova talked to owls.")
        let maps = try #require(AbilityPhrase("remembers every map they see"))
        #expect("Try to \(maps.base)!" == "Try to remember every map they see!")
        let speed = try #require(AbilityPhrase("Super speed."))
        #expect("Nova tried to \(speed.base). By \(speed.ing) she won: she \(speed.past)."
            == "Nova tried to use super speed. By using super speed she won: she used super speed.")
    }

    @Test("what people type around the words: spaces, capitals, a full stop, can, to")
    func typing() {
        #expect(AbilityPhrase("   Talks   to  owls. ")?.base == "talk to owls")
        #expect(AbilityPhrase("Talking to Grandma Owl")?.base == "talk to Grandma Owl", "only the first letter changes")
        #expect(AbilityPhrase("A magic voice")?.base == "use a magic voice")
        #expect(AbilityPhrase("TV powers")?.base == "use TV powers", "a word in capitals is kept")
        #expect(AbilityPhrase("FLIES")?.past == "FLEW")
        #expect(AbilityPhrase("can fly")?.base == "fly")
        #expect(AbilityPhrase("Can talk to owls.")?.base == "talk to owls")
        #expect(AbilityPhrase("to see in the dark")?.base == "see in the dark")
        #expect(AbilityPhrase("the power to make things glow")?.past == "made things glow")
        #expect(AbilityPhrase("always finds the way home")?.past == "always found the way home")
        #expect(AbilityPhrase("never gets lost")?.ing == "never getting lost")
        #expect(AbilityPhrase("talk to owls...")?.base == "talk to owls...", "an ellipsis is not a full stop")
        #expect(AbilityPhrase("fly!!")?.base == "fly")
    }

    @Test("empty text is no ability")
    func empty() {
        for text in ["", "   ", "\n\t", ".", " . "] {
            #expect(AbilityPhrase(text) == nil, "\(text)")
        }
    }

    @Test("a gerund of a verb not in the list gets its plain form by the spelling rules")
    func unknownGerunds() {
        #expect(AbilityPhrase("wobbling on one leg")?.past == "wobbled on one leg")
        #expect(AbilityPhrase("yodelling loudly")?.base == "yodel loudly")
        #expect(AbilityPhrase("zigzagging past trees")?.base == "zigzag past trees")
        #expect(AbilityPhrase("striding across rooftops")?.base == "stride across rooftops")
        #expect(AbilityPhrase("fizzing like soda")?.base == "fizz like soda")
    }

    @Test("quests read as things done", arguments: [
        ("bring the lost dinosaur egg home", "brought the lost dinosaur egg home"),
        ("find the Great Sunstone", "found the Great Sunstone"),
        ("return the mermaid's lost pearl", "returned the mermaid's lost pearl"),
        ("track down the missing music chip", "tracked down the missing music chip"),
        ("catch the runaway Moon Lantern", "caught the runaway Moon Lantern"),
    ])
    func quests(_ quest: String, _ done: String) {
        #expect(AbilityPhrase(quest)?.past == done)
    }

    @Test("the rules of -ing and past forms")
    func verbForms() {
        let forms: [(String, String, String)] = [
            ("talk", "talking", "talked"), ("hop", "hopping", "hopped"), ("make", "making", "made"),
            ("try", "trying", "tried"), ("dance", "dancing", "danced"), ("see", "seeing", "saw"),
            ("be", "being", "became"), ("play", "playing", "played"), ("fix", "fixing", "fixed"),
            ("glow", "glowing", "glowed"), ("quit", "quitting", "quit"), ("begin", "beginning", "began"),
            ("visit", "visiting", "visited"), ("whisper", "whispering", "whispered"), ("tiptoe", "tiptoeing", "tiptoed"),
            ("ski", "skiing", "skied"), ("control", "controlling", "controlled"), ("tie", "tying", "tied"),
        ]
        for (verb, ing, past) in forms {
            #expect(Verb.ing(verb) == ing, "\(verb)")
            #expect(Verb.past(verb) == past, "\(verb)")
        }
    }

    @Test("every irregular verb reads back from its gerund and third-person forms")
    func irregularRoundTrip() {
        for verb in Verb.irregularPast.keys {
            #expect(Verb.base(of: Verb.ing(verb)) == verb, "\(verb): \(Verb.ing(verb))")
            #expect(Verb.base(of: Verb.thirdPerson(verb)) == verb, "\(verb): \(Verb.thirdPerson(verb))")
        }
    }

    @Test("every listed verb reads back from its gerund and third-person forms")
    func listedRoundTrip() {
        for verb in Verb.known {
            #expect(Verb.base(of: Verb.ing(verb)) == verb, "\(verb): \(Verb.ing(verb))")
            #expect(Verb.base(of: Verb.thirdPerson(verb)) == verb, "\(verb): \(Verb.thirdPerson(verb))")
        }
    }
}

@Suite("The moral of a story")
struct MoralPhraseTests {
    @Test("a clause fits \"learned that ___\"", arguments: [
        "friends make every journey brighter", "kindness comes back to you", "it is good to share",
        "you can do hard things", "sharing makes fun bigger", "sharing is caring", "being kind matters",
        "kindness wins", "honesty builds trust", "practice makes perfect", "dreams come true",
        "a little help goes a long way", "it's good to share", "when you share, everyone wins",
        "friends don't give up on each other", "I can be brave",
    ])
    func clause(_ text: String) {
        #expect(MoralPhrase(text) == .clause(text))
        #expect("Sam learned that \(MoralPhrase(text)?.text ?? "")." == "Sam learned that \(text).")
    }

    @Test("a phrase fits \"learned a lot about ___\"", arguments: [
        "telling the truth even when it is hard", "being kind", "the power of friendship", "patience",
        "making friends", "how to make friends", "the value of hard work", "friends in need", "help from friends",
    ])
    func phrase(_ text: String) {
        #expect(MoralPhrase(text) == .phrase(text))
    }

    @Test("a command becomes a phrase", arguments: [
        ("Be kind.", "being kind"), ("never give up", "never giving up"), ("Don't give up!", "not giving up"),
        ("do not give up", "not giving up"), ("always tell the truth", "always telling the truth"),
        ("share your toys", "sharing your toys"), ("help others", "helping others"),
        ("love one another", "loving one another"), ("believe in yourself", "believing in yourself"),
        ("try new things", "trying new things"),
    ])
    func command(_ typed: String, _ phrase: String) {
        #expect(MoralPhrase(typed) == .phrase(phrase))
    }

    @Test("the issue's sentence reads right")
    func sentence() throws {
        let moral = try #require(MoralPhrase("Telling the truth even when it is hard."))
        guard case .phrase(let text) = moral else {
            Issue.record("\(moral) is not a phrase")
            return
        }
        #expect("Sam learned a lot about \(text)." == "Sam learned a lot about telling the truth even when it is hard.")
    }

    @Test("text is trimmed, its full stop removed, its first letter small unless it is I or in capitals")
    func typing() {
        #expect(MoralPhrase("  Friends make every journey brighter.  ") == .clause("friends make every journey brighter"))
        #expect(MoralPhrase("Patience.")?.text == "patience")
        #expect(MoralPhrase("I am enough") == .clause("I am enough"))
        #expect(MoralPhrase("I'm never alone") == .clause("I'm never alone"))
        #expect(MoralPhrase("OK is good enough")?.text == "OK is good enough")
        #expect(MoralPhrase("A friend in need")?.text == "a friend in need")
        for empty in ["", "  ", "."] {
            #expect(MoralPhrase(empty) == nil)
        }
    }
}

@Suite("A hero as stored")
struct HeroNormalizedTests {
    func hero(name: String = "Mia", ability: String) -> Hero {
        Hero(profileId: 1, name: name, pronouns: .she, primaryTrait: .brave, secondaryTrait: .kind, specialAbility: ability)
    }

    @Test("the ability is kept as a verb phrase, whatever form it was typed in")
    func ability() {
        #expect(hero(ability: "talking to owls").normalized().specialAbility == "talk to owls")
        #expect(hero(ability: "Talks to owls.").normalized().specialAbility == "talk to owls")
        #expect(hero(ability: "super speed").normalized().specialAbility == "use super speed")
        #expect(hero(ability: "   ").normalized().specialAbility == "")
        let once = hero(ability: "making things glow").normalized()
        #expect(once.normalized() == once, "normalizing twice changes nothing")
    }

    @Test("the name is trimmed and in composed form")
    func name() {
        let hero = hero(name: "  Zoe\u{308} ", ability: "").normalized()
        #expect(hero.name == "Zoë" && hero.name.unicodeScalars.count == 3)
    }
}
