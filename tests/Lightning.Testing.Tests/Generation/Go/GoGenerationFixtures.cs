namespace Lightning.Testing.Tests.Generation.Go;

/// <summary>A Go module to generate tests for: branches, returned errors, a panic, a hang, a named type and a type with a constructor.</summary>
internal static class GoGenerationFixtures
{
    public const string Parse = """
        package calc

        import (
        	"errors"
        	"fmt"
        	"strings"
        )

        // ErrEmpty is returned for empty input.
        var ErrEmpty = errors.New("empty input")

        // Celsius is a temperature.
        type Celsius float64

        // ParseInt parses a decimal integer with an optional sign.
        func ParseInt(text string) (int, error) {
        	text = strings.TrimSpace(text)
        	if text == "" {
        		return 0, ErrEmpty
        	}
        	sign := 1
        	if strings.HasPrefix(text, "-") {
        		sign = -1
        		text = text[1:]
        	}
        	value := 0
        	for _, r := range text {
        		if r < '0' || r > '9' {
        			return 0, fmt.Errorf("not a digit: %q", r)
        		}
        		value = value*10 + int(r-'0')
        	}
        	return sign * value, nil
        }

        // Clamp limits value to [low, high].
        func Clamp(value, low, high int) int {
        	if value < low {
        		return low
        	}
        	if value > high {
        		return high
        	}
        	return value
        }

        // Mean of the values; it panics on none.
        func Mean(values []float64) float64 {
        	if len(values) == 0 {
        		panic("mean of nothing")
        	}
        	sum := 0.0
        	for _, v := range values {
        		sum += v
        	}
        	return sum / float64(len(values))
        }

        // Fahrenheit converts a temperature.
        func Fahrenheit(c Celsius) float64 {
        	if c < -273.15 {
        		return 0
        	}
        	return float64(c)*9/5 + 32
        }

        // Spin never returns for a negative n.
        func Spin(n int) int {
        	for n < 0 {
        	}
        	return n
        }

        // Stack is a stack of ints.
        type Stack struct {
        	items []int
        }

        // NewStack returns an empty stack.
        func NewStack() *Stack { return &Stack{} }

        // Push adds an item and returns the new size.
        func (s *Stack) Push(item int) int {
        	s.items = append(s.items, item)
        	return len(s.items)
        }

        // Pop removes the top item.
        func (s *Stack) Pop() (int, error) {
        	if len(s.items) == 0 {
        		return 0, errors.New("empty stack")
        	}
        	top := s.items[len(s.items)-1]
        	s.items = s.items[:len(s.items)-1]
        	return top, nil
        }

        // Max of two ordered values: generic, tested as Max[int].
        func Max[T int | float64](a, b T) T {
        	if a > b {
        		return a
        	}
        	return b
        }
        """;

    public const string ExistingTest = """
        package calc

        import "testing"

        func TestClampInside(t *testing.T) {
        	if Clamp(5, 0, 10) != 5 {
        		t.Fatal("Clamp(5, 0, 10) should be 5")
        	}
        }
        """;

    public static void Go(Detection.FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/go.mod", "module example.com/shop\n\ngo 1.19\n")
        .Write($"{root}/calc/parse.go", Parse)
        .Write($"{root}/calc/parse_test.go", ExistingTest)
        .Write($"{root}/calc/doc.go", "// Package calc holds small helpers.\npackage calc\n\nconst maxDigits = 18\n");
}
