import Testing
@testable import StoryEngine

/// How the teller shapes sentences for the age, as a reader would hear them.
@Suite struct SentenceTests {
    let subjects = ["Mira", "she", "he", "it", "they"]

    @Test("for the youngest, a sentence is split only where both halves can stand alone")
    func splits() {
        #expect(Teller.split("Mira pushed the door gently, and it creaked open.", subjects: subjects)
            == ["Mira pushed the door gently.", "It creaked open."])
        #expect(Teller.split("Mira climbed halfway up, then slid all the way back down.", subjects: subjects)
            == ["Mira climbed halfway up.", "Then she slid all the way back down."], "who slid is said")
        #expect(Teller.split("The bank was slippery, and far too steep.", subjects: subjects)
            == ["The bank was slippery, and far too steep."], "\"Far too steep.\" cannot stand alone")
        #expect(Teller.split("The owl hooted softly and she waved back at it.", subjects: subjects)
            == ["The owl hooted softly.", "She waved back at it."])
        #expect(Teller.split("\"Hello, and welcome,\" said the owl, and it bowed.", subjects: subjects).count == 1, "quotations are kept whole")
    }

    @Test("a place is named once on a page: \"at the Glade\" is left out the second time")
    func places() throws {
        let fill = { (template: Template) in template.render { $0 == .place ? "the Glade" : "Mira" } }
        #expect(fill(try Template("At {place}, the path climbed.").withoutPlace) == "the path climbed.")
        #expect(fill(try Template("{hero} helped the bees at {place} and got a cake.").withoutPlace) == "Mira helped the bees and got a cake.")
        #expect(fill(try Template("It was dark. At {place}, an owl sat.").withoutPlace) == "It was dark. an owl sat.")
        #expect(fill(try Template("Back at {place}, {hero} sang.").withoutPlace) == "Back at the Glade, Mira sang.", "too few words before")
        #expect(fill(try Template("{hero} came to {place}.").withoutPlace) == "Mira came to the Glade.")
    }

    @Test("a template's first sentence")
    func firstSentence() throws {
        let fill = { (template: Template) in template.render { $0 == .place ? "the Glade" : "Mira" } }
        #expect(fill(try Template("The mud was deep at {place}. {hero} waded on.").firstSentence) == "The mud was deep at the Glade.")
        #expect(fill(try Template("\"Hop, hop!\" said {hero}. Then up she went.").firstSentence) == "\"Hop, hop!\" said Mira.")
        #expect(fill(try Template("{hero} hopped, then stopped.").firstSentence) == "Mira hopped, then stopped.")
        #expect(fill(try Template("Clink! The lock held fast. {hero} waited.").firstSentence) == "Clink! The lock held fast.")
    }

    @Test("a quotation that ends a sentence with ! starts the next with a capital; one inside a sentence does not")
    func capitals() {
        #expect(EmbeddedWriter.capitaliseSentences("the crowd cheered \"Go, go, go!\" so loudly that Mira won. she smiled.")
            == "The crowd cheered \"Go, go, go!\" so loudly that Mira won. She smiled.")
        #expect(EmbeddedWriter.capitaliseSentences("\"Thank you!\" said Glim. she waved.") == "\"Thank you!\" said Glim. She waved.")
        #expect(EmbeddedWriter.capitaliseSentences("\"Left! Right!\" she called. \"Hop!\" she hopped.") == "\"Left! Right!\" she called. \"Hop!\" she hopped.")
        #expect(EmbeddedWriter.capitaliseSentences("\"Wow!\" she was amazed.") == "\"Wow!\" She was amazed.")
        #expect(EmbeddedWriter.capitaliseSentences("Oona thought, then said, \"your age!\"") == "Oona thought, then said, \"Your age!\"")
        #expect(EmbeddedWriter.capitaliseSentences("\"Someone has to,\" said Oona, \"so it might as well be me!\"")
            == "\"Someone has to,\" said Oona, \"so it might as well be me!\"")
    }
}
