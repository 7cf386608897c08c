import Foundation
import GRDB
import StoryCore

// MARK: - Usage

/// What one writer and model used in one month.
public struct UsageRow: Hashable, Sendable, Codable {
    /// `YYYY-MM`, in UTC.
    public var month: String
    public var writer: String
    public var model: String
    public var attempts: Int
    public var tokensIn: Int
    public var tokensOut: Int
    /// Attempts whose token counts are estimates.
    public var estimatedAttempts: Int
    public var costUsd: Double
}

extension AppDatabase {
    /// Tokens and cost by month, writer and model; only the month holding `month` when given.
    public func spending(month: Date? = nil) throws -> [UsageRow] {
        let filter = month.map { "WHERE substr(created_at, 1, 7) = '\(Timestamp.string(from: $0).prefix(7))'" } ?? ""
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT substr(created_at, 1, 7) AS month, writer, model, count(*) AS attempts,
                  sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
                  sum(tokens_estimated) AS estimated, sum(cost_usd) AS cost
                FROM generation_attempts \(filter)
                GROUP BY month, writer, model ORDER BY month, writer, model
                """).map { row in
                UsageRow(month: row["month"], writer: row["writer"], model: row["model"], attempts: row["attempts"],
                         tokensIn: row["tokens_in"], tokensOut: row["tokens_out"], estimatedAttempts: row["estimated"], costUsd: row["cost"])
            }
        }
    }
}
