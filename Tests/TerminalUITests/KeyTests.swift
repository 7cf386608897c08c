import TerminalUI
import Testing

@Suite struct KeyTests {
    /// Reads a sequence as the terminal does: characters after ESC while one continues.
    func read(_ text: String) -> Key? {
        var body: [Character] = []
        for character in text where Key.escapeSequenceContinues(body) { body.append(character) }
        return body.isEmpty ? .escape : Key(escapeSequence: body)
    }

    @Test("escape sequences that terminals send besides their description are keys, not Esc")
    func sequences() {
        let cases: [(String, Key)] = [
            ("[1~", .home), ("[7~", .home), ("[H", .home), ("OH", .home),
            ("[4~", .end), ("[8~", .end), ("[F", .end), ("OF", .end),
            ("[A", .up), ("OB", .down), ("[1;5C", .right), ("[D", .left),
            ("[5~", .pageUp), ("[6~", .pageDown), ("[3~", .delete), ("[Z", .backTab),
            ("OP", .function(1)), ("[15~", .function(5)), ("[24~", .function(12)), ("OM", .enter),
        ]
        for (sequence, key) in cases { #expect(read(sequence) == key, "ESC \(sequence)") }
    }

    @Test("Alt with a key, Insert and cut-short sequences are no key at all; ESC alone is Esc")
    func noKey() {
        #expect(read("") == .escape)
        for sequence in ["j", "q", "[2~", "[", "[1", "O", "[99~", "[1;5"] {
            #expect(read(sequence) == nil, "ESC \(sequence)")
        }
    }

    @Test("a sequence ends at its final character: what follows is read as keys again")
    func ending() {
        var body: [Character] = []
        var rest = Substring("[1~jk")
        while Key.escapeSequenceContinues(body), let next = rest.first {
            body.append(next)
            rest = rest.dropFirst()
        }
        #expect(String(body) == "[1~" && rest == "jk")
    }
}
