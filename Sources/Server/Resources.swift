internal import Foundation

/// The files the service serves as they are: the OpenAPI document and the web page.
enum Resources {
    /// `openapi.json`: the contract of API v1.
    static let openAPI = text("openapi", "json")
    /// `index.html`: the web page.
    static let page = text("index", "html")

    private static func text(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }
}
