import Foundation

/// Counting words the way readers do: runs of letters and digits.
public enum WordCount {
    public static func of(_ text: String) -> Int {
        var text = text
        // ASCII text, most stories, is counted on its bytes.
        if let ascii = text.withUTF8({ bytes -> Int? in
            var count = 0
            var inWord = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let isWordByte = (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (0x30...0x39).contains(byte) || byte == 0x27
                if isWordByte && !inWord { count += 1 }
                inWord = isWordByte
            }
            return count
        }) {
            return ascii
        }
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = scalar.isASCII
                ? (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A) || (0x30...0x39).contains(scalar.value) || scalar == "'"
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }
}
