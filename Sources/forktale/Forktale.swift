import ArgumentParser
import Foundation
import StoryStore

/// The root command. `main()` is ours so that exit codes follow Forktale's conventions
/// (0 success, 1 the work failed, 2 bad usage) and every error is one line on stderr.
@main
struct Forktale: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "forktale",
        abstract: "An interactive terminal story player.",
        version: version,
        subcommands: [
            PlayCommand.self, ImportCommand.self, ExportCommand.self, StoriesCommand.self, GenerateCommand.self,
            JobsCommand.self, HeroesCommand.self, UsageCommand.self, ProfilesCommand.self, DoctorCommand.self,
        ])

    /// Declared here too so that `forktale --db PATH stories list` works as well as
    /// `forktale stories list --db PATH`; each subcommand reads its own copy.
    @OptionGroup var options: GlobalOptions

    /// No command: the interface.
    func run() throws {
        try InterfaceCommand.run(options.choices)
    }

    static func main() {
        let code: Int32
        do {
            if CommandLine.arguments.count == 1 {
                // `forktale` alone opens the interface without building the command tree,
                // whose reflection was a tenth of the time to the first frame.
                try InterfaceCommand.run(StoreOptions())
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            code = 0
        } catch {
            code = report(error)
        }
        Foundation.exit(code)
    }

    /// Prints what went wrong (or the help that was asked for) and returns the exit code.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as CLIError:
            Console.error(error.message)
            return error.code
        case let error as StoreError:
            Logs.logger.error("\(error.description)")
            Console.error(error.description)
            // A name already taken or a value refused is bad input; the rest is the file.
            switch error {
            case .duplicate, .invalid: return 2
            default: return 1
            }
        default:
            let exitCode = exitCode(for: error)
            if exitCode == .success {  // --help, --version
                Console.out(ConsoleText(fullMessage(for: error)))
                return 0
            }
            if let code = error as? ExitCode { return code.rawValue }
            if exitCode == .validationFailure {
                // Keep argument-parser's message and name the usage on the same line.
                let usage = fullMessage(for: error).split(separator: "\n")
                    .first { $0.hasPrefix("Usage:") }?.dropFirst("Usage:".count)
                    .trimmingCharacters(in: .whitespaces)
                let hint = usage.map { " (usage: \($0))" } ?? " (see 'forktale --help')"
                Console.error(message(for: error) + hint)
                return 2
            }
            Logs.logger.error("\(String(describing: error))")
            Console.error(message(for: error))
            return 1
        }
    }
}

/// An error the command line reports as one line, with its exit code.
struct CLIError: Error {
    var message: String
    var code: Int32

    /// Bad input or usage: exit code 2.
    static func usage(_ message: String) -> CLIError { CLIError(message: message, code: 2) }
    /// The work failed: exit code 1.
    static func failure(_ message: String) -> CLIError { CLIError(message: message, code: 1) }
}
