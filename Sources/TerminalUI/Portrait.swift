import Foundation
import StoryCore

/// A hero's portrait in terminal cells, drawn from the visual profile and a seed.
///
/// The drawing is made of pixels, two per cell (the upper half block `▀` shows the top
/// pixel in its foreground colour and the bottom one in its background colour), and kept
/// three ways: in 256 colours, in the 8 basic colours (chosen so that hair, skin, clothes
/// and background never merge), and in monochrome, where shading and box characters draw
/// the same person. The profile decides who it is (hair, skin, eyes, clothes, features);
/// the seed only varies the background, the expression and small details, so a new seed
/// gives a recognisable variant.
public struct Portrait: Hashable, Sendable {
    /// The drawing's version, stored with the art (`hero_avatars.style`).
    public static let style = "portrait-1"
    /// The size of a stored portrait, in cells.
    public static let size = Size(width: 16, height: 8)

    public let width: Int
    public let height: Int
    /// Pixel rows (twice `height`), as 256-colour indexes.
    public let full: [[UInt8]]
    /// The same pixels in the 8 basic colours (0-7).
    public let basic: [[UInt8]]
    /// One string of `width` characters per row of cells.
    public let mono: [String]

    public init(profile: VisualProfile, seed: Int64, size: Size = Portrait.size) {
        let canvas = Canvas(profile: profile, seed: UInt64(bitPattern: seed), width: max(size.width, 1), height: max(size.height, 1) * 2)
        width = canvas.width
        height = canvas.height / 2
        let colors = PartColors(profile: profile, seed: UInt64(bitPattern: seed), features: canvas.features)
        full = canvas.parts.map { $0.map { colors.full[$0]! } }
        basic = canvas.parts.map { $0.map { colors.basic[$0]! } }
        mono = MonoDrawing(canvas: canvas, profile: profile).rows
    }

    /// Draws the portrait with its top-left corner at (`x`, `y`), as `depth` allows,
    /// clipped to `limit` (the screen when nil).
    public func draw(into screen: inout Screen, x: Int, y: Int, depth: ColorDepth, limit: Rect? = nil) {
        let box = limit ?? screen.bounds
        for row in 0..<height where y + row >= box.y && y + row < box.maxY {
            if depth == .none {
                var column = 0
                for character in mono[row] {
                    if x + column >= box.x && x + column < box.maxX {
                        screen.put(String(character), x: x + column, y: y + row)
                    }
                    column += 1
                }
                continue
            }
            let pixels = depth == .full ? full : basic
            for column in 0..<width where x + column >= box.x && x + column < box.maxX {
                let style = Style(foreground: .indexed(pixels[row * 2][column]), background: .indexed(pixels[row * 2 + 1][column]))
                screen.put("▀", x: x + column, y: y + row, style: style)
            }
        }
    }

    /// The portrait as lines of text for a terminal without a screen of cells (the command
    /// line): with SGR colour codes for 256 or 8 colours, plain monochrome art for `.none`.
    public func lines(depth: ColorDepth) -> [String] {
        guard depth != .none else { return mono }
        let pixels = depth == .full ? full : basic
        func sgr(_ ground: Int, _ index: UInt8) -> String {
            depth == .full ? "\u{1B}[\(ground)8;5;\(index)m" : "\u{1B}[\(ground)\(index)m"
        }
        return (0..<height).map { row in
            (0..<width).map { column in sgr(3, pixels[row * 2][column]) + sgr(4, pixels[row * 2 + 1][column]) + "▀" }.joined()
                + "\u{1B}[0m"
        }
    }

    /// Draws the portrait centred in `box`. A box smaller than the portrait gets one drawn
    /// to its size from `profile` and `seed`; a box too small for a face gets nothing.
    public static func draw(
        _ stored: Portrait?, profile: VisualProfile, seed: Int64, into screen: inout Screen, in box: Rect, depth: ColorDepth
    ) {
        guard box.width >= 4, box.height >= 2 else { return }
        let portrait = stored.flatMap { $0.width <= box.width && $0.height <= box.height ? $0 : nil }
            ?? Portrait(profile: profile, seed: seed, size: Size(width: min(box.width, size.width), height: min(box.height, size.height)))
        portrait.draw(
            into: &screen, x: box.x + (box.width - portrait.width) / 2, y: box.y + (box.height - portrait.height) / 2,
            depth: depth, limit: box)
    }
}

// MARK: - Storage

extension Portrait: Codable {
    private enum CodingKeys: String, CodingKey { case width, height, full, basic, mono }

    /// The portrait as stored in `hero_avatars.art`: JSON, pixels as hex strings.
    public var stored: String {
        let data = try! JSONEncoder().encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    public init?(stored text: String) {
        guard let portrait = try? JSONDecoder().decode(Portrait.self, from: Data(text.utf8)) else { return nil }
        self = portrait
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let (width, height) = (try container.decode(Int.self, forKey: .width), try container.decode(Int.self, forKey: .height))
        func pixels(_ key: CodingKeys) throws -> [[UInt8]] {
            let rows = try container.decode([String].self, forKey: key).map(Self.bytes)
            guard rows.count == height * 2, rows.allSatisfy({ $0?.count == width }) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "wrong size")
            }
            return rows.map { $0! }
        }
        let mono = try container.decode([String].self, forKey: .mono)
        guard mono.count == height, mono.allSatisfy({ $0.count == width }) else {
            throw DecodingError.dataCorruptedError(forKey: .mono, in: container, debugDescription: "wrong size")
        }
        (self.width, self.height, self.mono) = (width, height, mono)
        full = try pixels(.full)
        basic = try pixels(.basic)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(full.map(Self.hex), forKey: .full)
        try container.encode(basic.map(Self.hex), forKey: .basic)
        try container.encode(mono, forKey: .mono)
    }

    private static func hex(_ row: [UInt8]) -> String {
        row.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) }
            .reduce(into: [UInt8]?([])) { result, value in
                guard let value else { result = nil; return }
                result?.append(value)
            }
    }
}

// MARK: - The drawing

/// What each pixel shows; colours are chosen per part.
enum Part: Hashable, CaseIterable {
    case background, pattern, hair, hairShine, skin, neck, shade, eyeWhite, iris, mouth, cheek
    case cloth, accent, metal, frame, gold, hat, flower
}

/// The portrait as parts on a pixel grid, painted back to front.
struct Canvas {
    let width: Int
    let height: Int
    private(set) var parts: [[Part]]
    let features: Set<String>
    /// Where the face is, for the monochrome drawing.
    private(set) var eyeRow = 0
    private(set) var eyes: [Int] = []
    private(set) var mouth: (row: Int, columns: ClosedRange<Int>)?
    let expression: Int

    private let cx: Double, cy: Double, rx: Double, ry: Double

    init(profile: VisualProfile, seed: UInt64, width: Int, height: Int) {
        self.width = width
        self.height = height
        parts = Array(repeating: Array(repeating: .background, count: width), count: height)
        features = Set(profile.distinctiveFeatures)
        var random = SeededRandom(seed: seed, stream: "portrait")
        let pattern = random.below(4)
        expression = random.below(3)
        let side = random.chance(0.5) ? -1.0 : 1.0
        let shine = random.below(3)

        let w = Double(width), h = Double(height)
        cx = w / 2
        cy = h * 0.40
        rx = max(w * 0.25, 1.2)
        ry = max(h * 0.27, 1.2)

        paintBackground(pattern: pattern)
        paintBody(style: profile.clothingStyle)
        paintBackHair(style: profile.hairStyle, side: side)
        paintHead()
        paintFrontHair(style: profile.hairStyle, shine: shine)
        paintFace(eyePatchSide: side)
        paintFeatures(side: side)
    }

    // MARK: Painting helpers

    private mutating func paint(_ part: Part, where inside: (Double, Double) -> Bool) {
        for y in 0..<height {
            for x in 0..<width where inside(Double(x) + 0.5, Double(y) + 0.5) {
                parts[y][x] = part
            }
        }
    }

    private mutating func set(_ part: Part, _ x: Int, _ y: Int, over allowed: Set<Part>? = nil) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        if let allowed, !allowed.contains(parts[y][x]) { return }
        parts[y][x] = part
    }

    private static func inEllipse(_ x: Double, _ y: Double, _ ex: Double, _ ey: Double, _ erx: Double, _ ery: Double) -> Bool {
        let dx = (x - ex) / erx, dy = (y - ey) / ery
        return dx * dx + dy * dy <= 1
    }


    private func isCloth(_ x: Int, _ y: Int) -> Bool {
        y >= 0 && y < height && x >= 0 && x < width && parts[y][x] == .cloth
    }

    private var hairline: Double { cy - ry * 0.38 }
    private var headTop: Double { cy - ry }
    private var bodyTop: Double { Double(height) * 0.76 }

    // MARK: Parts

    private mutating func paintBackground(pattern: Int) {
        switch pattern {
        case 1:  // dots
            paint(.pattern) { x, y in Int(x) % 4 == 1 && Int(y) % 4 == 1 }
        case 2:  // a halo behind the head
            let (ex, ey, erx, ery) = (cx, cy - ry * 0.2, rx * 1.9, ry * 1.6)
            paint(.pattern) { x, y in Self.inEllipse(x, y, ex, ey, erx, ery) }
        case 3:  // diagonal stripes
            paint(.pattern) { x, y in (Int(x) + Int(y)) % 6 < 2 }
        default:
            break
        }
    }

    private mutating func paintBody(style: String) {
        let (w, h) = (Double(width), Double(height))
        let top = bodyTop
        let (bx, by, brx, bry) = (cx, h + h * 0.06, w * 0.44, h - top + h * 0.06)
        paint(.cloth) { x, y in y >= top && Self.inEllipse(x, y, bx, by, brx, bry) }
        // The neck, down into the collar.
        let neckHalf = max(rx * 0.32, 0.6)
        let (ncx, ncy) = (cx, cy)
        paint(.neck) { x, y in abs(x - ncx) <= neckHalf && y > ncy && y < top + 1 }
        let topRow = Int(top.rounded(.down))
        let centre = Int(cx.rounded(.down))
        switch style {
        case "t-shirt", "dress":
            // A round neckline, and for a dress a collar in the second colour.
            set(.neck, centre - 1, topRow + 1, over: [.cloth])
            set(.neck, centre, topRow + 1, over: [.cloth])
            if style == "dress" {
                for x in 0..<width where isCloth(x, topRow + 1) && abs(Double(x) + 0.5 - cx) <= neckHalf + 2 {
                    set(.accent, x, topRow + 1)
                }
            }
        case "hoodie":
            // The hood around the neck, two strings below it.
            for x in 0..<width where isCloth(x, topRow) && abs(Double(x) + 0.5 - cx) <= neckHalf + 2.2 {
                set(.accent, x, topRow)
            }
            set(.accent, centre - 1, topRow + 2, over: [.cloth])
            set(.accent, centre, topRow + 2, over: [.cloth])
        case "overalls":
            // A shirt in the second colour under the bib and straps.
            for y in 0..<height { for x in 0..<width where isCloth(x, y) { set(.accent, x, y) } }
            let bibHalf = max(w * 0.16, 1)
            let bibTop = topRow + 2
            for y in bibTop..<height {
                for x in 0..<width where abs(Double(x) + 0.5 - cx) <= bibHalf && parts[y][x] == .accent { set(.cloth, x, y) }
            }
            for strap in [centre - Int(bibHalf.rounded()), centre + Int(bibHalf.rounded()) - 1] {
                for y in topRow..<bibTop { set(.cloth, strap, y, over: [.accent]) }
            }
        case "sweater":
            for y in stride(from: topRow + 2, to: height, by: 2) {
                for x in 0..<width where isCloth(x, y) { set(.accent, x, y) }
            }
        case "adventurer":
            // A strap across the chest, from one shoulder down.
            for y in topRow..<height {
                let x = Int(cx - w * 0.25) + (y - topRow) * 2
                set(.accent, x, y, over: [.cloth])
                set(.accent, x + 1, y, over: [.cloth])
            }
        case "cape":
            // The cape falls over the shoulders, fastened with a gold clasp.
            for y in 0..<height {
                for x in 0..<width where isCloth(x, y) && abs(Double(x) + 0.5 - cx) > w * 0.26 { set(.accent, x, y) }
            }
            set(.gold, centre, topRow + 1, over: [.cloth, .neck])
        case "armour":
            // Plates: a highlight every other row, an emblem in the middle.
            for y in stride(from: topRow + 1, to: height, by: 2) {
                for x in 0..<width where isCloth(x, y) { set(.metal, x, y) }
            }
            set(.accent, centre, topRow + 2, over: [.cloth, .metal])
            set(.accent, centre - 1, topRow + 2, over: [.cloth, .metal])
        case "lab coat":
            // A white coat open over a shirt in the main colour.
            for y in 0..<height { for x in 0..<width where isCloth(x, y) { set(.accent, x, y) } }
            for y in topRow..<height {
                let spread = Double(y - topRow) * 0.5 + 0.6
                for x in 0..<width where abs(Double(x) + 0.5 - cx) <= spread && parts[y][x] == .accent { set(.cloth, x, y) }
            }
        case "uniform":
            // Gold buttons down the front, a collar in the second colour.
            for x in 0..<width where isCloth(x, topRow) && abs(Double(x) + 0.5 - cx) <= neckHalf + 2 { set(.accent, x, topRow) }
            for y in stride(from: topRow + 2, to: height, by: 2) { set(.gold, centre, y, over: [.cloth]) }
        default:
            break
        }
    }

    private mutating func paintBackHair(style: String, side: Double) {
        let (w, h) = (Double(width), Double(height))
        let (cx, cy, rx, ry) = (self.cx, self.cy, self.rx, self.ry)
        switch style {
        case "long":
            paint(.hair) { x, y in abs(x - cx) <= rx + 1.3 && y >= cy - ry * 0.6 && y <= h * 0.9 }
        case "bob":
            paint(.hair) { x, y in abs(x - cx) <= rx + 1.2 && y >= cy - ry * 0.6 && y <= cy + ry * 0.7 }
        case "afro":
            paint(.hair) { x, y in Self.inEllipse(x, y, cx, cy - ry * 0.25, rx * 1.7, ry * 1.35) }
        case "curly":
            paint(.hair) { x, y in
                let angle = atan2(y - cy, x - cx)
                let bump = 0.75 + 0.35 * sin(angle * 7)
                return y <= cy + ry * 0.35 && Self.inEllipse(x, y, cx, cy - ry * 0.1, rx + 1 + bump, ry + 0.6 + bump)
            }
        case "braids":
            for column in [cx - rx - 0.3, cx + rx - 0.7] {
                let x = Int(column.rounded(.down))
                for y in Int(cy - ry * 0.3)..<min(height, Int(h * 0.92)) {
                    set(y % 2 == 0 ? .hair : .hairShine, x, y)
                    set(.hair, x + 1, y, over: [.background, .pattern])
                }
            }
        case "ponytail":
            let tail = cx + side * (rx + 0.9)
            paint(.hair) { x, y in abs(x - tail) <= 1.0 && y >= cy - ry * 0.7 && y <= cy + ry * 1.0 }
        case "bun":
            let radius = max(w * 0.13, 1.0)
            let top = headTop
            paint(.hair) { x, y in Self.inEllipse(x, y, cx, top - radius * 0.6, radius * 1.2, radius) }
        default:
            break
        }
    }

    private mutating func paintHead() {
        let (cx, cy, rx, ry) = (self.cx, self.cy, self.rx, self.ry)
        paint(.skin) { x, y in Self.inEllipse(x, y, cx, cy, rx, ry) }
    }

    private mutating func paintFrontHair(style: String, shine: Int) {
        guard style != "bald" else {
            // A little shine on the top of the head.
            set(.shade, Int(cx) + 1, Int(headTop + 1), over: [.skin])
            return
        }
        let (cx, cy, rx, ry) = (self.cx, self.cy, self.rx, self.ry)
        let line = hairline
        if style == "spiky" {
            // Spikes standing up from the hairline, background between their tips.
            let top = headTop
            let period = max(rx * 0.45, 1.4)
            paint(.hair) { x, y in
                guard abs(x - cx) <= rx + 0.4, y < line else { return false }
                let phase = (x - cx) / period
                let tip = top - 2.6 * (1 - abs(phase - phase.rounded()) * 2)
                return y >= tip || Self.inEllipse(x, y, cx, cy, rx + 0.3, ry + 0.2)
            }
        } else {
            // The cap: over the top of the head, a little fuller than it, and over the
            // sides of the forehead down to the eyes.
            paint(.hair) { x, y in
                Self.inEllipse(x, y, cx, cy, rx + 0.9, ry + 0.7) && (y < line || (y < cy && abs(x - cx) > rx * 0.72))
            }
        }
        if style == "curly" || style == "afro" {
            // Curls along the hairline.
            let row = Int(line.rounded(.down))
            for x in stride(from: Int(cx - rx) + 1, to: Int(cx + rx), by: 2) { set(.hair, x, row, over: [.skin]) }
        }
        // A highlight, placed by the seed.
        let shineRow = Int((headTop + 0.6).rounded(.down)) + (shine == 2 ? 1 : 0)
        let shineColumn = Int(cx) + [-2, 1, -1][shine]
        set(.hairShine, shineColumn, shineRow, over: [.hair])
        set(.hairShine, shineColumn + 1, shineRow, over: [.hair])
    }

    private mutating func paintFace(eyePatchSide: Double) {
        let row = Int((cy + ry * 0.08).rounded(.down))
        eyeRow = row
        let offset = max(rx * 0.44, 1)
        eyes = [Int((cx - offset).rounded(.down)), Int((cx + offset - 0.01).rounded(.down))]
        let wide = width >= 20
        for (index, x) in eyes.enumerated() {
            set(.iris, x, row)
            if wide { set(.eyeWhite, x + (index == 0 ? -1 : 1), row, over: [.skin]) }
        }
        // The nose, a shade between the eyes and the mouth.
        let mouthRow = Int((cy + ry * 0.55).rounded(.down))
        if mouthRow - row >= 2 { set(.shade, Int(cx - 0.5), row + 1, over: [.skin]) }
        let half = expression == 1 ? 1.5 : 1.0
        let first = Int((cx - half).rounded()), last = Int((cx + half).rounded()) - 1
        if mouthRow > row, mouthRow < height {
            for x in first...max(first, last) { set(.mouth, x, mouthRow, over: [.skin]) }
            mouth = (mouthRow, first...max(first, last))
        }
        if features.contains("rosy cheeks") {
            set(.cheek, eyes[0] - 1, row + 1, over: [.skin])
            set(.cheek, eyes[1] + 1, row + 1, over: [.skin])
        }
        if features.contains("freckles") {
            for (dx, dy) in [(-1, 1), (0, 2), (1, 1)] {
                set(.shade, eyes[0] + dx, row + dy, over: [.skin])
                set(.shade, eyes[1] - dx, row + dy, over: [.skin])
            }
        }
        if features.contains("glasses") {
            for x in (eyes[0] - 1)...(eyes[1] + 1) where !eyes.contains(x) { set(.frame, x, row) }
        }
        if features.contains("eye patch") {
            let eye = eyePatchSide < 0 ? eyes[0] : eyes[1]
            set(.frame, eye, row)
            // The strap, up across the forehead to the side of the head.
            var x = eye, y = row - 1
            while y >= 0, x >= 0, x < width, parts[y][x] == .skin || parts[y][x] == .hair {
                set(.frame, x, y)
                x += eyePatchSide < 0 ? -1 : 1
                y -= 1
            }
        }
    }

    private mutating func paintFeatures(side: Double) {
        let (cx, cy, rx, ry) = (self.cx, self.cy, self.rx, self.ry)
        let top = Int(headTop.rounded(.down))
        if features.contains("scarf") {
            let row = Int(bodyTop.rounded(.down))
            for y in (row - 1)...row {
                for x in 0..<width where abs(Double(x) + 0.5 - cx) <= rx * 0.75 { set(.accent, x, y, over: [.neck, .cloth, .skin]) }
            }
            set(.accent, Int(cx) + 1, row + 1, over: [.cloth])
        }
        if features.contains("earrings") {
            let row = Int((cy + ry * 0.35).rounded(.down))
            set(.gold, Int((cx - rx - 0.2).rounded(.down)), row)
            set(.gold, Int((cx + rx - 0.2).rounded(.down)), row)
        }
        if features.contains("headphones") {
            paint(.frame) { x, y in
                let outer = Self.inEllipse(x, y, cx, cy, rx + 1.6, ry + 1.3)
                let inner = Self.inEllipse(x, y, cx, cy, rx + 0.8, ry + 0.6)
                return outer && !inner && y < cy - ry * 0.3
            }
            let row = Int(cy.rounded(.down))
            for x in [Int(cx - rx - 1), Int(cx - rx), Int(cx + rx - 1), Int(cx + rx)] {
                set(.accent, x, row)
                set(.accent, x, row - 1)
            }
        }
        if features.contains("hat") {
            let brim = max(top + 1, 1)
            for x in 0..<width where abs(Double(x) + 0.5 - cx) <= rx + 1.6 { set(.hat, x, brim) }
            for y in max(0, brim - 3)..<brim {
                for x in 0..<width where abs(Double(x) + 0.5 - cx) <= rx * 0.8 { set(.hat, x, y) }
            }
            for x in 0..<width where abs(Double(x) + 0.5 - cx) <= rx * 0.8 { set(.accent, x, brim - 1) }
        } else if features.contains("crown") {
            let base = max(top, 1)
            for x in 0..<width where abs(Double(x) + 0.5 - cx) <= rx * 0.8 {
                set(.gold, x, base)
                if (x - Int(cx)) % 2 == 0 { set(.gold, x, base - 1) }
            }
        }
        if features.contains("bow") {
            let x = Int(cx + side * rx * 0.7)
            for (dx, dy) in [(-1, 0), (1, 0), (0, 0), (-1, -1), (1, -1)] { set(.accent, x + dx, top + 1 + dy) }
        }
        if features.contains("flower") {
            let x = Int(cx - side * rx * 0.8)
            for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] { set(.flower, x + dx, top + 2 + dy) }
            set(.gold, x, top + 2)
        }
        if features.contains("star mark") {
            set(.gold, side < 0 ? eyes[0] : eyes[1], eyeRow + 1, over: [.skin, .shade])
        }
    }
}

// MARK: - Colours

/// A named colour: its 256-colour index, a lighter and a darker one, the basic colours
/// that stand for it (best first), and how dark it is for the monochrome drawing (0-3).
struct NamedColor {
    var full: UInt8, light: UInt8, dark: UInt8
    var basic: [UInt8]
    var tone: Int

    static let hair: [String: NamedColor] = [
        "black": NamedColor(full: 234, light: 239, dark: 232, basic: [0, 4], tone: 3),
        "brown": NamedColor(full: 94, light: 137, dark: 58, basic: [1, 0, 3], tone: 3),
        "auburn": NamedColor(full: 124, light: 167, dark: 88, basic: [1, 5, 0], tone: 3),
        "red": NamedColor(full: 160, light: 203, dark: 124, basic: [1, 5], tone: 2),
        "ginger": NamedColor(full: 166, light: 209, dark: 130, basic: [3, 1], tone: 2),
        "blonde": NamedColor(full: 222, light: 229, dark: 179, basic: [3, 7], tone: 1),
        "grey": NamedColor(full: 247, light: 252, dark: 243, basic: [7, 0], tone: 1),
        "white": NamedColor(full: 255, light: 231, dark: 250, basic: [7, 6], tone: 1),
        "blue": NamedColor(full: 33, light: 75, dark: 25, basic: [4, 6], tone: 2),
        "pink": NamedColor(full: 211, light: 218, dark: 168, basic: [5, 1], tone: 1),
        "purple": NamedColor(full: 98, light: 141, dark: 54, basic: [5, 4], tone: 2),
        "green": NamedColor(full: 71, light: 114, dark: 28, basic: [2, 6], tone: 2),
    ]
    static let skin: [String: NamedColor] = [
        "porcelain": NamedColor(full: 224, light: 231, dark: 181, basic: [7, 3], tone: 0),
        "light": NamedColor(full: 223, light: 230, dark: 180, basic: [7, 3], tone: 0),
        "medium": NamedColor(full: 180, light: 223, dark: 137, basic: [3, 7], tone: 0),
        "olive": NamedColor(full: 179, light: 222, dark: 136, basic: [3, 7], tone: 0),
        "tan": NamedColor(full: 173, light: 216, dark: 130, basic: [3, 1], tone: 0),
        "brown": NamedColor(full: 137, light: 180, dark: 94, basic: [3, 1], tone: 0),
        "dark": NamedColor(full: 95, light: 138, dark: 52, basic: [1, 3], tone: 0),
        "deep": NamedColor(full: 94, light: 137, dark: 52, basic: [1, 3], tone: 0),
    ]
    static let eyes: [String: NamedColor] = [
        "brown": NamedColor(full: 94, light: 137, dark: 52, basic: [0, 1], tone: 3),
        "dark": NamedColor(full: 233, light: 236, dark: 232, basic: [0, 4], tone: 3),
        "hazel": NamedColor(full: 136, light: 179, dark: 94, basic: [0, 2], tone: 3),
        "green": NamedColor(full: 28, light: 71, dark: 22, basic: [2, 0], tone: 3),
        "blue": NamedColor(full: 26, light: 69, dark: 18, basic: [4, 0], tone: 3),
        "grey": NamedColor(full: 244, light: 250, dark: 240, basic: [0, 4], tone: 3),
        "amber": NamedColor(full: 172, light: 215, dark: 130, basic: [0, 1], tone: 3),
    ]
    static let cloth: [String: NamedColor] = [
        "red": NamedColor(full: 160, light: 203, dark: 88, basic: [1, 5], tone: 2),
        "orange": NamedColor(full: 208, light: 215, dark: 166, basic: [3, 1], tone: 1),
        "yellow": NamedColor(full: 220, light: 228, dark: 178, basic: [3, 7], tone: 1),
        "green": NamedColor(full: 34, light: 77, dark: 22, basic: [2, 6], tone: 2),
        "teal": NamedColor(full: 30, light: 73, dark: 23, basic: [6, 2], tone: 2),
        "blue": NamedColor(full: 26, light: 69, dark: 18, basic: [4, 6], tone: 2),
        "navy": NamedColor(full: 18, light: 25, dark: 17, basic: [4, 0], tone: 3),
        "purple": NamedColor(full: 91, light: 134, dark: 54, basic: [5, 4], tone: 3),
        "pink": NamedColor(full: 205, light: 218, dark: 162, basic: [5, 1], tone: 1),
        "brown": NamedColor(full: 94, light: 137, dark: 58, basic: [1, 3], tone: 3),
        "black": NamedColor(full: 235, light: 240, dark: 232, basic: [0, 4], tone: 3),
        "white": NamedColor(full: 255, light: 231, dark: 250, basic: [7, 6], tone: 0),
        "grey": NamedColor(full: 245, light: 250, dark: 240, basic: [7, 0], tone: 1),
        "gold": NamedColor(full: 178, light: 221, dark: 136, basic: [3, 7], tone: 1),
    ]
    /// Soft backgrounds, and the pattern colour on each.
    static let backgrounds: [(base: NamedColor, pattern: UInt8)] = [
        (NamedColor(full: 153, light: 189, dark: 110, basic: [6, 4, 2], tone: 0), 117),
        (NamedColor(full: 158, light: 194, dark: 115, basic: [2, 6, 3], tone: 0), 121),
        (NamedColor(full: 189, light: 225, dark: 146, basic: [5, 4, 6], tone: 0), 147),
        (NamedColor(full: 229, light: 230, dark: 186, basic: [3, 6, 2], tone: 0), 228),
        (NamedColor(full: 225, light: 231, dark: 182, basic: [5, 6, 4], tone: 0), 218),
        (NamedColor(full: 195, light: 231, dark: 152, basic: [6, 2, 4], tone: 0), 159),
    ]
}

/// The colour of every part, in 256 colours and in the 8 basic ones.
struct PartColors {
    var full: [Part: UInt8] = [:]
    var basic: [Part: UInt8] = [:]

    init(profile: VisualProfile, seed: UInt64, features: Set<String>) {
        var random = SeededRandom(seed: seed, stream: "portrait-colours")
        let hair = NamedColor.hair[profile.hairColor] ?? NamedColor.hair["brown"]!
        let skin = NamedColor.skin[profile.skinTone] ?? NamedColor.skin["medium"]!
        let eyes = NamedColor.eyes[profile.eyeColor] ?? NamedColor.eyes["brown"]!
        let palette = profile.colorPalette.compactMap { NamedColor.cloth[$0] }
        let main = palette.first ?? NamedColor.cloth["blue"]!
        let second = palette.count > 1 ? palette[1] : NamedColor(full: main.light, light: main.light, dark: main.full, basic: main.basic.reversed(), tone: max(0, main.tone - 1))
        let third = palette.count > 2 ? palette[2] : second
        // A background that is none of the hair, skin or clothes.
        var backgrounds = random.shuffled(NamedColor.backgrounds)
        if let index = backgrounds.firstIndex(where: { ![hair.full, skin.full, main.full].contains($0.base.full) }) {
            backgrounds.swapAt(0, index)
        }
        let background = backgrounds[0]
        let clothStyle = profile.clothingStyle
        // Armour is metal, a lab coat white: their own colours, with the palette for details.
        let cloth = clothStyle == "armour" ? NamedColor.cloth["grey"]! : main
        let accent = clothStyle == "lab coat" ? NamedColor.cloth["white"]! : clothStyle == "armour" ? main : second

        full = [
            .background: background.base.full, .pattern: background.pattern,
            .hair: hair.full, .hairShine: hair.light, .skin: skin.full, .neck: skin.dark, .eyeWhite: 255,
            .iris: eyes.full, .mouth: skin.tone == 0 && ["dark", "deep", "brown"].contains(profile.skinTone) ? 52 : 131,
            .cheek: 174, .cloth: cloth.full, .accent: accent.full, .frame: 236, .gold: 220, .hat: third.full,
            .flower: 205,
        ]
        full[.shade] = skin.dark
        full[.metal] = 252
        if clothStyle == "lab coat" { full[.cloth] = main.full; full[.accent] = 255 }
        if features.contains("hat"), palette.count < 3 { full[.hat] = main.dark }

        // The basic colours, chosen in order so that neighbours never share one.
        var chosen: [Part: UInt8] = [:]
        func choose(_ part: Part, _ preferences: [UInt8], avoiding others: [Part]) {
            let taken = Set(others.compactMap { chosen[$0] })
            chosen[part] = preferences.first { !taken.contains($0) } ?? (0...7).first { !taken.contains($0) }!
        }
        choose(.skin, skin.basic, avoiding: [])
        choose(.hair, hair.basic, avoiding: [.skin])
        choose(.cloth, cloth.basic, avoiding: [.skin])
        // On 8 colours pastels turn loud: the background is black where it can be.
        choose(.background, [0, 4, 6], avoiding: [.skin, .hair, .cloth])
        choose(.accent, accent.basic, avoiding: [.cloth, .background])
        choose(.iris, eyes.basic, avoiding: [.skin])
        choose(.hat, third.basic, avoiding: [.hair, .background, .skin])
        chosen[.pattern] = chosen[.background]
        chosen[.hairShine] = chosen[.hair]
        chosen[.neck] = chosen[.skin]
        chosen[.shade] = chosen[.skin]
        chosen[.eyeWhite] = 7
        chosen[.mouth] = chosen[.skin] == 1 ? 0 : 1
        chosen[.cheek] = chosen[.skin] == 1 ? 5 : 1
        chosen[.frame] = chosen[.skin] == 0 ? 4 : 0
        chosen[.gold] = chosen[.skin] == 3 || chosen[.hair] == 3 ? 7 : 3
        chosen[.flower] = 5
        chosen[.metal] = chosen[.cloth] == 7 ? 0 : 7
        basic = chosen
    }
}

// MARK: - Monochrome

/// The portrait without colour: hair and clothes shaded by how dark they are, the face
/// outlined with box characters, eyes and mouth as characters.
struct MonoDrawing {
    private(set) var rows: [String] = []

    init(canvas: Canvas, profile: VisualProfile) {
        let shades: [Character] = [" ", "░", "▒", "▓"]
        let hairTone = NamedColor.hair[profile.hairColor]?.tone ?? 3
        let palette = profile.colorPalette.compactMap { NamedColor.cloth[$0] }
        let clothTone = max(1, profile.clothingStyle == "armour" ? 2 : palette.first?.tone ?? 2)
        var accentTone = profile.clothingStyle == "lab coat" ? 1 : palette.count > 1 ? palette[1].tone : clothTone - 1
        if accentTone == clothTone { accentTone = clothTone == 1 ? 3 : clothTone - 1 }
        accentTone = max(1, accentTone)
        func tone(_ part: Part) -> Int {
            switch part {
            case .hair, .hairShine: return max(1, hairTone)
            case .cloth: return clothTone
            case .metal: return 1
            case .accent: return accentTone
            case .hat: return 3
            case .frame: return 3
            case .gold, .flower: return 1
            default: return 0
            }
        }
        let height = canvas.height / 2
        let face: Set<Part> = [.skin, .shade, .eyeWhite, .iris, .mouth, .cheek]
        func isFace(_ x: Int, _ y: Int) -> Bool {
            guard x >= 0, x < canvas.width, y >= 0, y < height else { return false }
            return face.contains(canvas.parts[y * 2][x]) || face.contains(canvas.parts[y * 2 + 1][x])
        }
        func isBlank(_ x: Int, _ y: Int) -> Bool {
            guard x >= 0, x < canvas.width, y >= 0, y < height else { return false }
            return tone(canvas.parts[y * 2][x]) == 0 && tone(canvas.parts[y * 2 + 1][x]) == 0 && !isFace(x, y)
        }
        let glasses = canvas.features.contains("glasses")
        for y in 0..<height {
            var row = ""
            for x in 0..<canvas.width {
                let top = canvas.parts[y * 2][x], bottom = canvas.parts[y * 2 + 1][x]
                let pair = [top, bottom]
                if pair.contains(.iris) {
                    row.append(glasses ? "o" : "•")
                } else if pair.contains(.frame), glasses, y == canvas.eyeRow / 2 {
                    let outer = x < canvas.eyes[0] ? "(" : x > canvas.eyes[1] ? ")" : "-"
                    row.append(Character(outer))
                } else if pair.contains(.mouth), let mouth = canvas.mouth {
                    let span = mouth.columns
                    if canvas.expression == 2 && span.count <= 2 { row.append(x == span.lowerBound ? "o" : " ") }
                    else { row.append(x == span.lowerBound ? "╰" : x == span.upperBound ? "╯" : "─") }
                } else if pair.contains(.gold) || pair.contains(.flower) {
                    row.append(pair.contains(.flower) ? "✿" : "*")
                } else if isFace(x, y) {
                    row.append(pair.contains(.shade) && canvas.features.contains("freckles") ? "·" : " ")
                } else if tone(top) > 0 || tone(bottom) > 0 {
                    let darkest = max(tone(top), tone(bottom))
                    if darkest == 3 && tone(top) == 0 { row.append("▄") }
                    else if darkest == 3 && tone(bottom) == 0 { row.append("▀") }
                    else { row.append(shades[darkest]) }
                } else if isFace(x + 1, y) && isBlank(x, y) {
                    row.append("(")
                } else if isFace(x - 1, y) && isBlank(x, y) {
                    row.append(")")
                } else if isFace(x, y - 1) && !pair.contains(.neck) {
                    row.append(isFace(x - 1, y - 1) && isFace(x + 1, y - 1) ? "─" : isFace(x + 1, y - 1) ? "╰" : "╯")
                } else {
                    row.append(" ")
                }
            }
            rows.append(row)
        }
    }
}
