import ArgumentParser
struct RecommendCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "recommend") }
