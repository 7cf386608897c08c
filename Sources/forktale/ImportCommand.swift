import ArgumentParser
import Foundation
import StoryCore
import StoryFormats
import StoryStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add stories from Twee 3, Twine 2 HTML or JSON files.",
        discussion: """
            Each story is stored whole or not at all. The report lists passages, links and endings,
            and what could not be followed (computed targets, links made by code, missing passages).
            Exit 2 when a file cannot be read as a story; the other files are still imported.
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The story files.") var files: [String]
    @Option(help: ArgumentHelp("The file format: \(Importer.Format.allCases.map(\.rawValue).joined(separator: ", ")) (default: detected).", valueName: "format"))
    var format: Importer.Format?
    @Flag(help: "Show the report; store nothing.") var dryRun = false
    @Flag(help: "Print one JSON array of reports.") var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one story file.") }
    }

    func run() throws {
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        var outcomes: [Outcome] = []
        var storeFailed = false
        for file in files {
            do {
                var result = try Importer.read(try Self.contents(of: file), file: file, format: format, profileId: profile.id!)
                if try store.storyExists(uuid: result.draft.story.uuid) {
                    // The same story again: keep both, the new one under a new identity.
                    result.draft.story.uuid = UUID().uuidString.lowercased()
                    result.report.notFollowed.append(.init(passage: "(story)", message: "already in the library; stored as a second copy"))
                }
                if !dryRun {
                    let draft = result.draft
                    result.report.storyId = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices).id
                    Logs.logger.info("imported \(file) as story \(result.report.storyId ?? 0)")
                }
                outcomes.append(Outcome(file: file, report: result.report))
                if !json { print(Self.describe(result.report, dryRun: dryRun)) }
            } catch {
                storeFailed = storeFailed || error is StoreError
                let message = (error as? FormatError)?.message ?? (error as? CLIError)?.message ?? "\(error)"
                outcomes.append(Outcome(file: file, error: message))
                if !json { Console.error("\(file): \(message)") }
            }
        }
        if json { try Console.printJSON(outcomes) }
        // Bad files are bad input (2); a store that could not take a good story is a failure (1).
        if storeFailed { throw ExitCode(1) }
        if outcomes.contains(where: { $0.error != nil }) { throw ExitCode(2) }
    }

    static func describe(_ report: ImportReport, dryRun: Bool) -> String {
        var lines = report.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = (dryRun ? "Would import " : "Imported ") + lines[0] + (report.storyId.map { " as story \($0)" } ?? "")
        return lines.joined(separator: "\n")
    }

    /// The file's bytes, refusing what is too large to be a story before reading it.
    static func contents(of file: String) throws -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: file)
        } catch {
            throw CLIError.usage("cannot read it: no such file")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory { throw CLIError.usage("it is a folder, not a story file") }
        if let size = attributes[.size] as? Int, size > Importer.maxBytes {
            throw FormatError("the file is \(size / 1_048_576) MB, too large to be a story (at most \(Importer.maxBytes / 1_048_576) MB)")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.usage("cannot read it: permission denied") }
        return data
    }

    struct Outcome: Encodable {
        var file: String
        var report: ImportReport?
        var error: String?
    }
}

extension Importer.Format: ExpressibleByArgument {}
