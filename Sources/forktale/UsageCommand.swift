import ArgumentParser
import Foundation
import StoryCore
import StoryStore

/// `forktale usage`: tokens and cost by month and model.
struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Tokens and cost of the writers, by month and model.")

    @OptionGroup var options: GlobalOptions
    @Option(help: ArgumentHelp("Only this month (default: every month).", valueName: "YYYY-MM")) var month: String?
    @Flag(help: "Print one JSON array.") var json = false

    func validate() throws {
        if let month, month.range(of: #"^\d{4}-(0[1-9]|1[0-2])$"#, options: .regularExpression) == nil {
            throw ValidationError("--month is a month such as 2026-11, not \(month).")
        }
    }

    func run() throws {
        let store = try options.openStore()
        let date = month.flatMap { Timestamp.date(from: "\($0)-01T00:00:00.000Z") }
        let rows = try store.spending(month: date)
        if json { return try Console.printJSON(rows) }
        guard !rows.isEmpty else {
            Console.out(month.map { "Nothing written in \($0)." } ?? "Nothing written yet.")
            return
        }
        Console.out(Console.table(
            header: ["MONTH", "WRITER", "MODEL", "ATTEMPTS", "TOKENS IN", "TOKENS OUT", "COST"],
            rows: rows.map { row in
                [row.month, row.writer, row.model, String(row.attempts),
                 String(row.tokensIn) + (row.estimatedAttempts > 0 ? "*" : ""), String(row.tokensOut) + (row.estimatedAttempts > 0 ? "*" : ""),
                 String(format: "$%.4f", row.costUsd)]
            }, flexible: 2))
        if rows.contains(where: { $0.estimatedAttempts > 0 }) {
            Console.out("* some counts are estimates: the server did not report them.")
        }
    }
}
