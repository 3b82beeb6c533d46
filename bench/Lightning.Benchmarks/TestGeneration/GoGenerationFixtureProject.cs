namespace Lightning.Benchmarks.TestGeneration;

/// <summary>Benchmark 4's Go module: three packages with branches, returned errors, a panic and a type with a constructor; one existing test.</summary>
internal static class GoGenerationFixtureProject
{
    public static readonly string[] Sources = ["text/text.go", "mathx/mathx.go", "inventory/inventory.go"];

    public static readonly (string Path, string Text)[] Files =
    [
        ("go.mod", "module example.com/shop\n\ngo 1.19\n"),
        ("text/text_test.go", """
            package text

            import "testing"

            func TestSlugifyWords(t *testing.T) {
            	if got, err := Slugify("Hello World"); err != nil || got != "hello-world" {
            		t.Fatalf("Slugify = %q, %v", got, err)
            	}
            }
            """),
        ("text/text.go", """
            package text

            import (
            	"errors"
            	"strings"
            	"unicode"
            )

            // Slugify joins the lower-case words of text with dashes.
            func Slugify(text string) (string, error) {
            	var words []string
            	for _, word := range strings.Fields(strings.ToLower(text)) {
            		if isWord(word) {
            			words = append(words, word)
            		}
            	}
            	if len(words) == 0 {
            		return "", errors.New("nothing to slugify")
            	}
            	return strings.Join(words, "-"), nil
            }

            func isWord(word string) bool {
            	for _, r := range word {
            		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
            			return false
            		}
            	}
            	return true
            }

            // Truncate cuts text to limit runes, marking the cut with an ellipsis.
            func Truncate(text string, limit int) (string, error) {
            	if limit < 0 {
            		return "", errors.New("negative limit")
            	}
            	runes := []rune(text)
            	if len(runes) <= limit {
            		return text, nil
            	}
            	if limit == 0 {
            		return "", nil
            	}
            	return string(runes[:limit-1]) + "…", nil
            }

            // WordCount counts the words separated by white space.
            func WordCount(text string) int {
            	return len(strings.Fields(text))
            }

            // IsPalindrome ignores case and anything but letters and digits.
            func IsPalindrome(text string) bool {
            	var cleaned []rune
            	for _, r := range strings.ToLower(text) {
            		if unicode.IsLetter(r) || unicode.IsDigit(r) {
            			cleaned = append(cleaned, r)
            		}
            	}
            	if len(cleaned) == 0 {
            		return false
            	}
            	for i, j := 0, len(cleaned)-1; i < j; i, j = i+1, j-1 {
            		if cleaned[i] != cleaned[j] {
            			return false
            		}
            	}
            	return true
            }
            """),
        ("mathx/mathx.go", """
            package mathx

            import (
            	"errors"
            	"fmt"
            )

            // ErrEmpty is returned when there is nothing to average.
            var ErrEmpty = errors.New("no values")

            // GCD is the greatest common divisor of two non-negative numbers.
            func GCD(a, b int) (int, error) {
            	if a < 0 || b < 0 {
            		return 0, fmt.Errorf("negative input: %d, %d", a, b)
            	}
            	for b != 0 {
            		a, b = b, a%b
            	}
            	return a, nil
            }

            // IsPrime reports whether n is prime (trial division, bounded).
            func IsPrime(n int) bool {
            	if n < 2 {
            		return false
            	}
            	for i := 2; i*i <= n && i < 100000; i++ {
            		if n%i == 0 {
            			return false
            		}
            	}
            	return true
            }

            // Mean is the average of values.
            func Mean(values []float64) (float64, error) {
            	if len(values) == 0 {
            		return 0, ErrEmpty
            	}
            	sum := 0.0
            	for _, v := range values {
            		sum += v
            	}
            	return sum / float64(len(values)), nil
            }

            // Percent is part of whole in percent; it panics when whole is zero.
            func Percent(part, whole float64) float64 {
            	if whole == 0 {
            		panic("percent of nothing")
            	}
            	return part / whole * 100
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
            """),
        ("inventory/inventory.go", """
            package inventory

            import (
            	"errors"
            	"fmt"
            	"sort"
            )

            // ErrUnknown is returned for an item that is not stocked.
            var ErrUnknown = errors.New("unknown item")

            // Inventory counts items by name.
            type Inventory struct {
            	items map[string]int
            }

            // NewInventory returns an empty inventory.
            func NewInventory() *Inventory {
            	return &Inventory{items: map[string]int{}}
            }

            // Add stocks qty more of name.
            func (i *Inventory) Add(name string, qty int) (int, error) {
            	if name == "" {
            		return 0, errors.New("empty name")
            	}
            	if qty <= 0 {
            		return 0, fmt.Errorf("quantity must be positive, got %d", qty)
            	}
            	i.items[name] += qty
            	return i.items[name], nil
            }

            // Remove takes qty of name out of stock.
            func (i *Inventory) Remove(name string, qty int) (int, error) {
            	have, ok := i.items[name]
            	if !ok {
            		return 0, ErrUnknown
            	}
            	if qty > have {
            		return have, fmt.Errorf("only %d %s in stock", have, name)
            	}
            	i.items[name] = have - qty
            	if i.items[name] == 0 {
            		delete(i.items, name)
            	}
            	return have - qty, nil
            }

            // Names lists the stocked items in order.
            func (i *Inventory) Names() []string {
            	names := make([]string, 0, len(i.items))
            	for name := range i.items {
            		names = append(names, name)
            	}
            	sort.Strings(names)
            	return names
            }

            // Total counts every item.
            func (i *Inventory) Total() int {
            	total := 0
            	for _, qty := range i.items {
            		total += qty
            	}
            	return total
            }
            """),
    ];
}
