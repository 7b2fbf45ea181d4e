using System.Globalization;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>
/// Python's <c>repr(float)</c>: the shortest digits that read back to the same double, in fixed notation
/// unless the exponent is below -4 or above 15 — which is what the AWS CLI prints for every JSON number
/// with a fraction or exponent.
/// </summary>
internal static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var negative = double.IsNegative(value);
        // "E16" is not shortest; "R" is, as mantissa digits with an optional exponent.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, pointPosition) = Decompose(shortest);
        var text = pointPosition is > 16 or < -3 ? Scientific(digits, pointPosition) : Fixed(digits, pointPosition);
        return negative ? "-" + text : text;
    }

    /// <summary>The significant digits and where the decimal point goes: value = 0.DIGITS × 10^point.</summary>
    private static (string Digits, int Point) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fractionPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var digits = integerPart + fractionPart;
        var point = integerPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..];
        point -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return ("0", 1);
        }

        return (digits, point);
    }

    private static string Fixed(string digits, int point)
    {
        if (point <= 0)
        {
            return "0." + new string('0', -point) + digits;
        }

        if (point >= digits.Length)
        {
            return digits + new string('0', point - digits.Length) + ".0";
        }

        return digits[..point] + "." + digits[point..];
    }

    private static string Scientific(string digits, int point)
    {
        var exponent = point - 1;
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        var sign = exponent < 0 ? "-" : "+";
        return mantissa + "e" + sign + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
