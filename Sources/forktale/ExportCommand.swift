import ArgumentParser
import Foundation
import StoryCore
import StoryFormats
import StoryStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a story as Twee 3, JSON, a Markdown gamebook or a standalone HTML page.",
        discussion: "Twee and JSON import again to the same story. Without -o, or with -o -, the story goes to standard output.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The story's id, or the start of its uuid.") var story: String
    @Option(help: ArgumentHelp("twee, json, md or html.", valueName: "format")) var format: Exporter.Format
    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (replaced whole, never half-written); - for standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let store = try options.openStore()
        let found = try StoryReference(story).resolve(in: store)
        guard let content = try store.storyContent(id: found.id!) else {
            throw CLIError.failure("Story \(story) was deleted while it was being read.")
        }
        let data = Exporter.export(content, as: format, source: try store.storySource(storyId: found.id!))
        guard let output, output != "-" else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.failure("Cannot write \(output) (\((error as NSError).localizedDescription)): choose another place with -o.")
        }
        Console.out("Wrote \"\(content.story.title)\" to \(output).")
    }
}

extension Exporter.Format: ExpressibleByArgument {}
