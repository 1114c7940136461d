import ArgumentParser

@main
struct Geoprofile: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "geoprofile",
        abstract: "Engagement profiles of Dutch postcodes and planning zones, from open CBS data.",
        discussion: """
            Profile figures are model estimates from CBS demographics (Bron: CBS, CC BY 4.0), \
            not measurements; Docs/ explains every number.
            """,
        version: version,
        subcommands: [
            DataCommand.self, ProfilesCommand.self, PostcodeCommand.self, AnalyzeCommand.self,
            RecommendCommand.self, PlanCommand.self, MonitorCommand.self, ReportCommand.self, ModelCommand.self,
            ServeCommand.self,
        ]
    )
}
