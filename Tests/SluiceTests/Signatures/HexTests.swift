import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct HexTests {
        @Test func encodesLowercase() {
            #expect(Hex.encode([0x00, 0x0f, 0xde, 0xad, 0xBE, 0xff]) == "000fdeadbeff")
            #expect(Hex.encode([]) == "")
        }

        @Test func decodesEitherCase() {
            #expect(Hex.decode("000fdeadbeff") == [0x00, 0x0f, 0xde, 0xad, 0xbe, 0xff])
            #expect(Hex.decode("DEADbeef") == [0xde, 0xad, 0xbe, 0xef])
            #expect(Hex.decode("") == [])
        }

        @Test(arguments: ["abc", "zz", "0g", "de ad", "-1", "0x"])
        func rejectsNonHex(text: String) {
            #expect(Hex.decode(text) == nil)
        }

        @Test func roundTrips() {
            let bytes = (0...255).map { UInt8($0) }
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        }
    }
}
