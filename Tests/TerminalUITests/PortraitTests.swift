import StoryCore
import Testing
@testable import TerminalUI

@Suite("Portraits")
struct PortraitTests {
    static let base = VisualProfile(
        hairColor: "brown", hairStyle: "short", eyeColor: "green", skinTone: "medium", clothingStyle: "t-shirt",
        distinctiveFeatures: [], colorPalette: ["blue", "yellow"])

    @Test("the same profile and seed give the same art, in all three forms")
    func deterministic() {
        let one = Portrait(profile: Self.base, seed: 42)
        let two = Portrait(profile: Self.base, seed: 42)
        #expect(one == two)
        #expect(one.width == Portrait.size.width && one.height == Portrait.size.height)
        #expect(one.full.count == one.height * 2 && one.full.allSatisfy { $0.count == one.width })
        #expect(one.basic.allSatisfy { $0.allSatisfy { $0 < 8 } })
        #expect(one.mono.count == one.height && one.mono.allSatisfy { $0.count == one.width })
    }

    @Test("every choice of every look changes the art")
    func everyOptionShows() {
        func variants(_ options: [String], _ apply: (inout VisualProfile, String) -> Void) -> [String: Portrait] {
            Dictionary(uniqueKeysWithValues: options.map { option in
                var profile = Self.base
                apply(&profile, option)
                return (option, Portrait(profile: profile, seed: 9))
            })
        }
        let groups: [(String, [String: Portrait])] = [
            ("hair colour", variants(Looks.hairColors) { $0.hairColor = $1 }),
            ("hair style", variants(Looks.hairStyles) { $0.hairStyle = $1 }),
            ("eye colour", variants(Looks.eyeColors) { $0.eyeColor = $1 }),
            ("skin tone", variants(Looks.skinTones) { $0.skinTone = $1 }),
            ("clothing", variants(Looks.clothingStyles) { $0.clothingStyle = $1 }),
            ("feature", variants([""] + Looks.features) { $0.distinctiveFeatures = $1.isEmpty ? [] : [$1] }),
            ("colour", variants(Looks.colors) { $0.colorPalette = [$1] }),
        ]
        for (name, portraits) in groups {
            let distinct = Set(portraits.values.map(\.full))
            #expect(distinct.count == portraits.count, "two \(name) choices draw the same: \(portraits.keys.sorted())")
        }
        // Shapes show without colour too.
        let shapes = variants(Looks.hairStyles) { $0.hairStyle = $1 }
        #expect(Set(shapes.values.map(\.mono)).count == Looks.hairStyles.count, "hair styles look alike in monochrome")
    }

    @Test("a new seed gives a variant of the same person")
    func variants() {
        let first = Portrait(profile: Self.base, seed: 1)
        let others = (2...6).map { Portrait(profile: Self.base, seed: Int64($0)) }
        #expect(others.contains { $0.full != first.full }, "no seed changes anything")
        let hair = NamedColor.hair["brown"]!.full, skin = NamedColor.skin["medium"]!.full
        let cloth = NamedColor.cloth["blue"]!.full
        for portrait in [first] + others {
            let colours = Set(portrait.full.joined())
            #expect(colours.isSuperset(of: [hair, skin, cloth]), "a variant lost the hair, skin or clothes")
        }
    }

    @Test("8 colours keep hair, skin and background apart for every hair and skin")
    func basicColoursStayApart() {
        for hair in Looks.hairColors {
            for skin in Looks.skinTones {
                var profile = Self.base
                profile.hairColor = hair
                profile.skinTone = skin
                let colors = PartColors(profile: profile, seed: 3, features: [])
                let (h, s, b) = (colors.basic[.hair]!, colors.basic[.skin]!, colors.basic[.background]!)
                #expect(h != s && b != h && b != s, "\(hair) hair on \(skin) skin: \(h) \(s) \(b)")
            }
        }
    }

    @Test("drawn into any box, a portrait stays inside it", arguments: [ColorDepth.full, .basic, .none])
    func fitsItsBox(depth: ColorDepth) {
        let stored = Portrait(profile: Self.base, seed: 5)
        for width in 1...24 {
            for height in 1...12 {
                var screen = Screen(size: Size(width: 30, height: 16))
                let box = Rect(x: 3, y: 2, width: width, height: height)
                Portrait.draw(stored, profile: Self.base, seed: 5, into: &screen, in: box, depth: depth)
                for y in 0..<16 {
                    for x in 0..<30 where !(x >= box.x && x < box.maxX && y >= box.y && y < box.maxY) {
                        #expect(screen[x, y] == .blank, "\(width)x\(height): drew at \(x),\(y)")
                    }
                }
                let drawn = (box.y..<box.maxY).contains { y in (box.x..<box.maxX).contains { screen[$0, y] != .blank } }
                #expect(drawn == (width >= 4 && height >= 2), "\(width)x\(height)")
            }
        }
    }

    @Test("stored as text and read back unchanged; damaged text is refused")
    func storage() {
        let portrait = Portrait(profile: Self.base, seed: 77)
        #expect(Portrait(stored: portrait.stored) == portrait)
        #expect(Portrait(stored: String(portrait.stored.dropLast(20))) == nil)
        #expect(Portrait(stored: portrait.stored.replacingOccurrences(of: "\"width\":16", with: "\"width\":15")) == nil)
    }
}

@Suite("Looks")
struct LooksTests {
    @Test("a look is one Forktale can draw, with few enough features and colours")
    func validation() {
        #expect(PortraitTests.base.validate().isEmpty)
        var profile = PortraitTests.base
        profile.hairColor = "plaid"
        profile.distinctiveFeatures = ["glasses", "glasses"]
        profile.colorPalette = ["red", "blue", "green", "pink"]
        let fields = profile.validate().map(\.field)
        #expect(fields.sorted() == ["color_palette", "distinctive_features", "hair_color"])
    }

    @Test("empty fields are chosen from the seed; given fields are kept, and do not change the others")
    func filled() {
        let blank = VisualProfile()
        let one = blank.filled(seed: 4)
        #expect(one.validate().isEmpty)
        #expect(!one.hairColor.isEmpty && !one.hairStyle.isEmpty && !one.skinTone.isEmpty && !one.colorPalette.isEmpty)
        #expect(blank.filled(seed: 4) == one)
        var given = VisualProfile()
        given.hairColor = one.hairColor == "black" ? "blonde" : "black"
        let two = given.filled(seed: 4)
        #expect(two.hairColor == given.hairColor)
        #expect(two.skinTone == one.skinTone && two.hairStyle == one.hairStyle && two.clothingStyle == one.clothingStyle)
    }
}
