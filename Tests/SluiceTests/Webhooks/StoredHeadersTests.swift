import Foundation
import HTTPTypes
import Testing
@testable import Webhooks

@Suite struct StoredHeadersTests {
    @Test func buildsJSONThatAStandardParserReadsBackWithoutCredentials() throws {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer secret"
        headers[.cookie] = "session=1"
        headers[HTTPField.Name("X-Tricky")!] = "quote \" backslash \\ tab\tend"
        headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "a"))
        headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "b"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(StoredHeaders.json(headers).utf8)) as? [String: String])
        #expect(parsed == ["x-tricky": "quote \" backslash \\ tab\tend", "x-multi": "a, b"])
    }
}
