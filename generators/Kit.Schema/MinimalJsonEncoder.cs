using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Kit.Schema;

/// <summary>
/// A JSON string encoder that escapes only what JSON requires: the quotation mark, the backslash and control
/// characters (below U+0020), plus what cannot be written as UTF-8 (a lone surrogate, an invalid byte sequence).
/// Everything else, <c>&amp;</c>, <c>+</c>, <c>&lt;</c>, <c>&gt;</c>, Thai, emoji, is written as itself.
/// System.Text.Json's own encoders always escape HTML-sensitive characters or characters outside the Basic
/// Multilingual Plane; the JSON is equivalent, but a person reading a log of it sees <c>\u0E01</c> instead of Thai.
/// Do not use it for JSON embedded in HTML or script.
/// </summary>
public sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static MinimalJsonEncoder Instance { get; } = new();

    private static readonly SearchValues<char> SpecialChars = SearchValues.Create(Specials());
    private static readonly SearchValues<byte> SpecialBytes = SearchValues.Create(Encoding.ASCII.GetBytes(Specials()));

    private MinimalJsonEncoder() { }

    private static string Specials()
    {
        var chars = new char[34];
        for (var i = 0; i < 32; i++) chars[i] = (char)i;
        chars[32] = '"';
        chars[33] = '\\';
        return new string(chars);
    }

    /// <summary>A scalar escaped as <c>\uXXXX</c>, or two of them for a supplementary character: 12 characters at most.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 12;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\'
        || (unicodeScalar >= 0xD800 && unicodeScalar <= 0xDFFF) || unicodeScalar > 0x10FFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var i = 0;
        while (i < span.Length)
        {
            var rest = span[i..];
            // Surrogates are checked only when the text has some: most strings never reach the slow loop.
            var next = rest.IndexOfAny(SpecialChars);
            var surrogate = rest.IndexOfAnyInRange('\uD800', '\uDFFF');
            if (surrogate < 0 || (next >= 0 && next < surrogate)) return next < 0 ? -1 : i + next;
            i += surrogate;
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) { i += 2; continue; }
            return i; // a lone surrogate
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var special = utf8Text.IndexOfAny(SpecialBytes);
        var valid = special < 0 ? utf8Text : utf8Text[..special];
        if (Utf8.IsValid(valid)) return special;
        // Somewhere before the first special byte the UTF-8 is invalid: find where, so it gets replaced.
        var i = 0;
        while (i < valid.Length)
        {
            if (Rune.DecodeFromUtf8(valid[i..], out _, out var consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return special;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        string? shortForm = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => null,
        };
        if (shortForm is not null) return TryWrite(shortForm, output, out numberOfCharactersWritten);
        if (unicodeScalar < 0x10000)
            return TryWrite($"\\u{unicodeScalar:X4}", output, out numberOfCharactersWritten);
        var rune = new Rune(unicodeScalar);
        Span<char> pair = stackalloc char[2];
        rune.EncodeToUtf16(pair);
        return TryWrite($"\\u{(int)pair[0]:X4}\\u{(int)pair[1]:X4}", output, out numberOfCharactersWritten);
    }

    private static bool TryWrite(string text, Span<char> output, out int written)
    {
        if (text.Length > output.Length)
        {
            written = 0;
            return false;
        }
        text.AsSpan().CopyTo(output);
        written = text.Length;
        return true;
    }
}
