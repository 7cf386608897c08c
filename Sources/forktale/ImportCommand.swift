import ArgumentParser
import Foundation
import ForktaleApp
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
                let report = try LibraryImport.run(
                    file: file, format: format, dryRun: dryRun, store: store, profileId: profile.id!)
                if let id = report.storyId { Logs.logger.info("imported \(file) as story \(id)") }
                outcomes.append(Outcome(file: file, report: report))
                if !json { Console.out(ConsoleText(Self.describe(report, dryRun: dryRun))) }
            } catch {
                storeFailed = storeFailed || !error.isBadInput
                outcomes.append(Outcome(file: file, error: error.message))
                if !json { Console.error("\(file): \(error.message)") }
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
    struct Outcome: Encodable {
        var file: String
        var report: ImportReport?
        var error: String?
    }
}

extension Importer.Format: ExpressibleByArgument {}
