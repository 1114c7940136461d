import ArgumentParser
struct ProfilesCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "profiles") }
struct PostcodeCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "postcode") }
struct RecommendCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "recommend") }
struct ModelCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "model") }
