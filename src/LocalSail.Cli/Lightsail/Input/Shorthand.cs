using System.Text;

namespace LocalSail.Cli.Lightsail.Input;

/// <summary>
/// The AWS CLI's shorthand syntax, untyped: <c>key=value,key2=[a,b],key3={k=v}</c>. Values are strings,
/// lists of values, or dictionaries; a bare comma-separated run after a key is a list.
/// </summary>
internal sealed class Shorthand
{
    private readonly string _input;
    private int _index;

    private Shorthand(string input) => _input = input;

    public static Dictionary<string, object> Parse(string input)
    {
        var parser = new Shorthand(input);
        var result = parser.ParseKeyValues(closing: null);
        if (parser._index < input.Length)
        {
            throw parser.Error("end of input");
        }

        return result;
    }

    private Dictionary<string, object> ParseKeyValues(char? closing)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            var key = ParseKey();
            Expect('=');
            result[key] = ParseValues(closing);
            SkipWhitespace();
            if (_index < _input.Length && _input[_index] == ',')
            {
                _index++;
                continue;
            }

            return result;
        }
    }

    private string ParseKey()
    {
        var start = _index;
        while (_index < _input.Length && (char.IsLetterOrDigit(_input[_index]) || _input[_index] is '-' or '_' or '.' or '#' or '/' or ':'))
        {
            _index++;
        }

        if (start == _index)
        {
            throw Error("a key");
        }

        return _input[start.._index];
    }

    // After "key=": an explicit list, a hash, or one value possibly followed by more comma-separated values.
    private object ParseValues(char? closing)
    {
        SkipWhitespace();
        if (_index < _input.Length && _input[_index] == '[')
        {
            return ParseExplicitList();
        }

        if (_index < _input.Length && _input[_index] == '{')
        {
            return ParseHash();
        }

        var first = ParseValue(closing);
        var values = new List<object> { first };
        while (_index < _input.Length && _input[_index] == ',' && !NextIsKeyValue(_index + 1))
        {
            _index++;
            values.Add(ParseValue(closing));
        }

        return values.Count == 1 ? first : values;
    }

    private List<object> ParseExplicitList()
    {
        Expect('[');
        var values = new List<object>();
        SkipWhitespace();
        if (_index < _input.Length && _input[_index] == ']')
        {
            _index++;
            return values;
        }

        while (true)
        {
            SkipWhitespace();
            if (_index < _input.Length && _input[_index] == '[')
            {
                values.Add(ParseExplicitList());
            }
            else if (_index < _input.Length && _input[_index] == '{')
            {
                values.Add(ParseHash());
            }
            else
            {
                values.Add(ParseValue(']'));
            }

            SkipWhitespace();
            if (_index < _input.Length && _input[_index] == ',')
            {
                _index++;
                continue;
            }

            Expect(']');
            return values;
        }
    }

    private Dictionary<string, object> ParseHash()
    {
        Expect('{');
        SkipWhitespace();
        if (_index < _input.Length && _input[_index] == '}')
        {
            _index++;
            return new Dictionary<string, object>(StringComparer.Ordinal);
        }

        var result = ParseKeyValues('}');
        Expect('}');
        return result;
    }

    private string ParseValue(char? closing)
    {
        SkipWhitespace();
        if (_index < _input.Length && _input[_index] is '"' or '\'')
        {
            return ParseQuoted();
        }

        var builder = new StringBuilder();
        while (_index < _input.Length)
        {
            var c = _input[_index];
            if (c == ',' || (closing is not null && c == closing) || (closing is null && false))
            {
                break;
            }

            if (c == '\\' && _index + 1 < _input.Length)
            {
                builder.Append(_input[_index + 1]);
                _index += 2;
                continue;
            }

            builder.Append(c);
            _index++;
        }

        return builder.ToString().Trim();
    }

    private string ParseQuoted()
    {
        var quote = _input[_index++];
        var builder = new StringBuilder();
        while (_index < _input.Length && _input[_index] != quote)
        {
            if (_input[_index] == '\\' && _index + 1 < _input.Length)
            {
                _index++;
            }

            builder.Append(_input[_index++]);
        }

        Expect(quote);
        return builder.ToString();
    }

    private bool NextIsKeyValue(int position)
    {
        var i = position;
        while (i < _input.Length && char.IsWhiteSpace(_input[i]))
        {
            i++;
        }

        var start = i;
        while (i < _input.Length && (char.IsLetterOrDigit(_input[i]) || _input[i] is '-' or '_' or '.' or '#' or '/' or ':'))
        {
            i++;
        }

        return i > start && i < _input.Length && _input[i] == '=';
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (_index >= _input.Length || _input[_index] != c)
        {
            throw Error($"'{c}'");
        }

        _index++;
    }

    private void SkipWhitespace()
    {
        while (_index < _input.Length && char.IsWhiteSpace(_input[_index]))
        {
            _index++;
        }
    }

    private CliUsageException Error(string expected)
    {
        var received = _index < _input.Length ? $"'{_input[_index]}'" : "'EOF'";
        return new CliUsageException($"Expected: {expected}, received: {received} for input:\n{_input}\n{new string(' ', _index)}^");
    }
}
