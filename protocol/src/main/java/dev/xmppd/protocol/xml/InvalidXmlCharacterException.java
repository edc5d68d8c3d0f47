package dev.xmppd.protocol.xml;

/**
 * A string handed to {@link XmlWriter} holds a character XML 1.0 cannot carry at all (§2.2: control
 * characters other than tab, line feed and carriage return, U+FFFE, U+FFFF, an unpaired surrogate). No
 * escape exists for these and dropping them silently would change the data, so the caller has a bug to fix
 * (or must filter the text before building the element).
 */
public final class InvalidXmlCharacterException extends IllegalArgumentException {

    private final int codePoint;

    public InvalidXmlCharacterException(int codePoint, int index) {
        super(String.format("character U+%04X at index %d is not allowed in XML 1.0", codePoint, index));
        this.codePoint = codePoint;
    }

    public int codePoint() {
        return codePoint;
    }
}
