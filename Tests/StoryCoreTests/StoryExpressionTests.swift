import StoryCore
import Testing

/// Expressions of Harlowe, SugarCube and Chapbook, worked out as those formats would.
@Suite struct StoryExpressionTests {
    func value(_ text: String, _ variables: [String: StoryValue] = [:], history: [String] = ["Start"]) throws -> StoryValue {
        var context = StoryExpression.Context(variables: variables, history: history, passageName: history.last ?? "Start",
                                              passageTags: ["noInvLink"], random: SeededRandom(seed: 1))
        return try StoryExpression.parse(text).value(in: &context)
    }

    @Test("Harlowe's words: is, is not, contains, 's, and, or, not")
    func harlowe() throws {
        let inv: [String: StoryValue] = ["$inv": .array([.string("lantern"), .string("rusty key")]), "$door": .bool(true)]
        #expect(try value(#"$inv contains "rusty key""#, inv) == .bool(true))
        #expect(try value(#"$inv does not contain "hammer""#, inv) == .bool(true))
        #expect(try value(#""hammer" is in $inv"#, inv) == .bool(false))
        #expect(try value("$door is true and not ($inv's length > 2)", inv) == .bool(true))
        #expect(try value("$inv's 1st", inv) == .string("lantern"))
        #expect(try value("$inv's last", inv) == .string("rusty key"))
        #expect(try value("$inv's (2)", inv) == .string("rusty key"))
        #expect(try value(#"$inv - (a: "rusty key") + (a: "hammer")"#, inv) == .array([.string("lantern"), .string("hammer")]))
        #expect(try value(#"(passage:)'s tags contains "noInvLink""#) == .bool(true))
        #expect(try value("$missing is not true") == .bool(true))
    }

    @Test("JavaScript-like operators of SugarCube and Chapbook")
    func javascript() throws {
        let vars: [String: StoryValue] = ["$gold": .number(5), "$inv": .array([.string("key")])]
        #expect(try value("$gold >= 5 && $gold !== 6", vars) == .bool(true))
        #expect(try value("$gold * 2 + 1", vars) == .number(11))
        #expect(try value("$inv[0]", vars) == .string("key"))
        #expect(try value("$inv.length", vars) == .number(1))
        #expect(try value(#"$inv.includes("key")"#, vars) == .bool(true))
        #expect(try value(#"$inv.join(", ")"#, vars) == .string("key"))
        #expect(try value(#""Try " + $gold"#, vars) == .string("Try 5"))
        #expect(try value("!($gold eq 5) || false", vars) == .bool(false))
    }

    @Test("visits, history and chance come from the playthrough")
    func playthrough() throws {
        let history = ["Start", "Hall", "Start", "Cellar"]
        #expect(try value(#"visited("Start")"#, history: history) == .number(2))
        #expect(try value(#"hasVisited("Hall")"#, history: history) == .bool(true))
        #expect(try value(#"(history:) contains "Hall""#, history: history) == .bool(true))
        #expect(try value("visits", history: history) == .number(1))
        let once = try value(#"(either: "a", "b", "c")"#)
        #expect(try value(#"(either: "a", "b", "c")"#) == once, "the same seed draws the same")
        let roll = try value("random(1, 6)").description
        #expect(["1", "2", "3", "4", "5", "6"].contains(roll))
    }

    @Test("assignments: to, into, =, +=, ++")
    func assignments() throws {
        #expect(try StoryAssignment.parseList("$x to 1, $y to \"a\"").map(\.variable) == ["$x", "$y"])
        #expect(try StoryAssignment.parseList("5 into $gold").first?.variable == "$gold")
        #expect(try StoryAssignment.parseList("$gold += 2; $n++").map(\.variable) == ["$gold", "$n"])
        #expect(throws: StoryExpression.ParseError.self) { try StoryAssignment.parseList("to 1") }
        #expect(throws: StoryExpression.ParseError.self) { try StoryExpression.parse("$x is (") }
    }
}
