import Foundation
import StoryCore

/// Reads story files: Twee 3, published Twine 2 HTML, and the JSON shapes.
public enum Importer {
    /// The file formats `--format` names.
    public enum Format: String, CaseIterable, Sendable {
        case twee, html, json
        case forktale, nodes, twison, arcs, states

        var jsonShape: JSONShape? { JSONShape(rawValue: rawValue) }
    }

    /// Larger files are not stories.
    public static let maxBytes = 50 * 1024 * 1024

    /// "the file is 52.4 MB, too large …": to a tenth, so that it never reads as the limit.
    public static func tooLarge(_ bytes: Int) -> String {
        let megabytes = (Double(bytes) / 1_048_576 * 10).rounded(.down) / 10
        let shown = megabytes <= Double(maxBytes / 1_048_576) ? String(format: "%.2f", Double(bytes) / 1_048_576) : String(format: "%.1f", megabytes)
        return "the file is \(shown) MB, too large to be a story (at most \(maxBytes / 1_048_576) MB)"
    }

    /// Reads `data` (from the file named `file`) as a story for `profileId`.
    /// `format` overrides what the name and the content suggest.
    public static func read(_ data: Data, file: String, format: Format? = nil, profileId: Int64) throws(FormatError) -> ImportResult {
        guard !data.isEmpty else { throw FormatError("the file is empty") }
        guard data.count <= maxBytes else { throw FormatError(tooLarge(data.count)) }
        let hasNul = data.withUnsafeBytes { $0.contains(0) }  // Data's own iterator is slow byte by byte.
        guard !hasNul else { throw FormatError("the file holds binary data (NUL bytes), not a story's text") }
        // Before the text is copied out of the file: the first place an import may run short.
        let json = format.map { $0 == .json || $0.jsonShape != nil }
            ?? ((file as NSString).pathExtension.lowercased() == "json" || data.first { $0 > 0x20 }.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } == true)
        try ImportMemory.check(bytes: data.count, json: json)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError("the file is not UTF-8 text (is it a story file?)")
        }
        let format = format ?? detect(text, file: file)
        switch format {
        case .twee:
            return try StoryAssembler.assemble(TweeReader.read(text), file: file, format: "Twee 3", profileId: profileId)
        case .html:
            return try StoryAssembler.assemble(TwineHTMLReader.read(text), file: file, format: "Twine 2 HTML", profileId: profileId)
        default:
            return try readJSON(data, file: file, shape: format.jsonShape, profileId: profileId)
        }
    }

    static func detect(_ text: String, file: String) -> Format {
        switch (file as NSString).pathExtension.lowercased() {
        case "tw", "twee", "tw3", "twee3": return .twee
        case "html", "htm": return .html
        case "json": return .json
        default: break
        }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if start.hasPrefix("{") || start.hasPrefix("[") { return .json }
        if text.range(of: "<tw-storydata", options: .caseInsensitive) != nil { return .html }
        return .twee
    }

    private static func readJSON(_ data: Data, file: String, shape: JSONShape?, profileId: Int64) throws(FormatError) -> ImportResult {
        do {
            guard let shape = try shape ?? JSONShape.detect(data) else {
                throw FormatError("JSON of an unknown shape: expected Forktale's own, nodes with options, Twison, arcs or states (see --format)")
            }
            if shape == .forktale {
                let draft = try ForktaleJSON.draft(from: data, profileId: profileId, source: .imported)
                let problems = StoryGraph(draft).problems().map(\.description)
                return ImportResult(draft: draft, report: ImportReport(draft: draft, file: file, format: "JSON (forktale)", problems: problems))
            }
            return try StoryAssembler.assemble(shape.source(data), file: file, format: "JSON (\(shape.rawValue))", profileId: profileId)
        } catch let error as FormatError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw FormatError("not valid JSON\(jsonErrorPlace(in: data))")
        } catch let error as DecodingError {
            throw FormatError(readable: error)
        } catch {
            throw FormatError("not valid JSON (\(error))")
        }
    }

    /// " at line N" where the JSON breaks. `JSONDecoder` does not say; `JSONSerialization`
    /// does, and is asked only for a small file, as it takes 65 times its size in memory.
    private static func jsonErrorPlace(in data: Data) -> String {
        guard data.count <= 2 * 1_048_576 else { return "" }
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            if let index = (error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int, index <= data.count {
                return " at line \(data.prefix(index).filter { $0 == UInt8(ascii: "\n") }.count + 1)"
            }
        }
        return ""
    }
}
