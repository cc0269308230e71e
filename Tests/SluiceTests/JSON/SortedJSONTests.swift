import Common
import Foundation
import Testing

@Suite struct SortedJSONTests {
    @Test func parsedJSONIsWrittenBackWithSortedKeysAndTheSameValues() throws {
        let text = #"{"b":1,"a":[1,2.5,-3,1e20,0.1,3.0,true,false,null],"A":"x/y","big":123456789012345678901234567890,"#
            + #""max":9223372036854775807,"umax":18446744073709551615,"s":"é\u0000\n\"\\","nested":{"z":{},"y":[]}}"#
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        #expect(
            try SortedJSON.string(parsed)
                == #"{"A":"x/y","a":[1,2.5,-3,1e+20,0.1,3,true,false,null],"b":1,"big":123456789012345678901234567890,"#
                + #""max":9223372036854775807,"nested":{"y":[],"z":{}},"s":"é\u0000\n\"\\","umax":18446744073709551615}"#
        )
    }

    @Test func swiftValuesKeepTheirTypes() throws {
        let object: [String: Any?] = [
            "count": 3, "id": Int64(42), "ratio": 0.5, "on": true, "off": false, "none": nil, "name": "n", "tags": ["x", "y"],
            "inner": ["k": 1] as [String: Any], "size": UInt(7), "share": Float(0.25), "price": Decimal(string: "12.50")!,
            "gone": NSNull(),
        ]
        #expect(
            try SortedJSON.string(object)
                == #"{"count":3,"gone":null,"id":42,"inner":{"k":1},"name":"n","none":null,"off":false,"on":true,"price":12.5,"ratio":0.5,"#
                + #""share":0.25,"size":7,"tags":["x","y"]}"#
        )
    }

    @Test func fragmentsAreWrittenAlone() throws {
        #expect(try SortedJSON.string("text") == #""text""#)
        #expect(try SortedJSON.string(try JSONSerialization.jsonObject(with: Data("12".utf8), options: [.fragmentsAllowed])) == "12")
        #expect(try SortedJSON.string(nil) == "null")
    }

    @Test func aNumberJSONCannotHoldIsRefused() {
        #expect(throws: (any Error).self) { try SortedJSON.data(["x": Double.nan]) }
    }
}
