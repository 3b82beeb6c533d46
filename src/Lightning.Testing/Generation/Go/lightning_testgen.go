// Lightning test generation helper for Go (standard library only). Built once per content hash by Lightning.
//
//	lightning_testgen analyze FILE                    test points of FILE's package that FILE declares, as JSON on stdout
//	lightning_testgen execute FILE CALLS.json OUT.json observe the planned calls in a temporary _test.go harness
//
// FILE is relative to (or under) the working directory, the scratch copy of the project. execute instruments FILE (a
// mark at the start of every block, on the same line, so line numbers hold), writes the harness and a marks file into
// FILE's package, runs `go test -run ^TestLightningObserve$`, and restores everything before it exits.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type parameter struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Rest bool   `json:"rest,omitempty"`
}

type point struct {
	Name       string      `json:"name"`
	ClassName  string      `json:"className,omitempty"`
	Static     bool        `json:"static"`
	Line       int         `json:"line"`
	EndLine    int         `json:"endLine"`
	Parameters []parameter `json:"parameters"`
	Variadic   bool        `json:"variadic"`
	Returns    string      `json:"returns"`
	Branches   int         `json:"branches"`
	Raises     []string    `json:"raises"`
	Doc        string      `json:"doc,omitempty"`
	TypeArgs   string      `json:"typeArgs,omitempty"` // a generic function's instantiation, "[int]": the call is Name[int](...)
	results    []types.Type
}

type class struct {
	Name        string      `json:"name"`
	Constructor []parameter `json:"constructor"`
	Factory     string      `json:"factory,omitempty"`
}

type analysis struct {
	Package string   `json:"package"`
	Points  []point  `json:"points"`
	Classes []class  `json:"classes"`
	Skipped []string `json:"skipped"`
	pkg     *types.Package
	fset    *token.FileSet
	file    *ast.File
	imports map[string]string // name in FILE -> import path
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: lightning_testgen analyze FILE | execute FILE CALLS OUT")
	}
	switch os.Args[1] {
	case "analyze":
		a, err := analyze(os.Args[2])
		if err != nil {
			emit(map[string]string{"error": err.Error()})
			return
		}
		emit(a)
	case "execute":
		if len(os.Args) < 5 {
			fail("usage: lightning_testgen execute FILE CALLS OUT")
		}
		execute(os.Args[2], os.Args[3], os.Args[4])
	default:
		fail("unknown command " + os.Args[1])
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(2)
}

func emit(value interface{}) {
	out, err := json.Marshal(value)
	if err != nil {
		fail(err.Error())
	}
	os.Stdout.Write(out)
	os.Stdout.Write([]byte("\n"))
}

// chainImporter reads the compiler's export data for the standard library and type-checks other packages (the
// module's own) from source, so a package that imports its siblings is understood without a build.
type chainImporter struct {
	gc     types.Importer
	source types.Importer
}

func (c chainImporter) Import(path string) (*types.Package, error) {
	if pkg, err := c.gc.Import(path); err == nil {
		return pkg, nil
	}
	return c.source.Import(path)
}

// analyze type-checks FILE's package (its non-test files that build here) and lists what FILE declares.
func analyze(target string) (*analysis, error) {
	target = filepath.Clean(target)
	dir := filepath.Dir(target)
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	var targetFile *ast.File
	for _, entry := range entries {
		name := entry.Name()
		if entry.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "lightning_observe") {
			continue
		}
		if ok, _ := build.Default.MatchFile(dir, name); !ok && filepath.Join(dir, name) != target {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			if filepath.Join(dir, name) == target {
				return nil, fmt.Errorf("cannot parse %s: %v", target, err)
			}
			continue
		}
		files = append(files, file)
		if filepath.Join(dir, name) == target {
			targetFile = file
		}
	}
	if targetFile == nil {
		return nil, fmt.Errorf("%s is not a Go source file of its package", target)
	}
	if strings.HasSuffix(targetFile.Name.Name, "_test") {
		return nil, fmt.Errorf("%s belongs to a test package", target)
	}
	var sameName []*ast.File
	for _, file := range files {
		if file.Name.Name == targetFile.Name.Name {
			sameName = append(sameName, file)
		}
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	config := types.Config{
		Importer: chainImporter{gc: importer.Default(), source: importer.ForCompiler(fset, "source", nil)},
		Error:    func(error) {}, // keep going: what is understood is still worth testing
	}
	pkg, _ := config.Check(targetFile.Name.Name, fset, sameName, info)
	a := &analysis{Package: targetFile.Name.Name, Points: []point{}, Classes: []class{}, Skipped: []string{}, pkg: pkg, fset: fset, file: targetFile, imports: fileImports(targetFile)}
	methodsOf := map[string][]*ast.FuncDecl{}
	for _, decl := range targetFile.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || !fn.Name.IsExported() || fn.Body == nil {
			continue
		}
		object, _ := info.Defs[fn.Name].(*types.Func)
		if object == nil {
			a.Skipped = append(a.Skipped, fn.Name.Name+": its types could not be checked")
			continue
		}
		signature := object.Type().(*types.Signature)
		if signature.RecvTypeParams().Len() > 0 {
			a.Skipped = append(a.Skipped, fn.Name.Name+" is a method of a generic type: no inputs are generated for type parameters")
			continue
		}
		typeArgs := ""
		if signature.TypeParams().Len() > 0 {
			instantiated, args, ok := instantiate(signature)
			if !ok {
				a.Skipped = append(a.Skipped, fn.Name.Name+" is generic and neither int, float64, string nor bool satisfies its constraints")
				continue
			}
			signature, typeArgs = instantiated, args
		}
		p := point{Name: fn.Name.Name, Line: fset.Position(fn.Pos()).Line, EndLine: fset.Position(fn.End()).Line, Parameters: []parameter{}, Raises: []string{}, TypeArgs: typeArgs}
		if fn.Recv != nil {
			named := receiverName(signature.Recv().Type())
			if named == "" || !ast.IsExported(named) {
				continue
			}
			p.ClassName = named
			methodsOf[named] = append(methodsOf[named], fn)
		}
		p.Parameters, p.Variadic = parameters(a, signature)
		for i := 0; i < signature.Results().Len(); i++ {
			p.results = append(p.results, signature.Results().At(i).Type())
		}
		p.Returns = typeList(a, signature.Results())
		p.Branches = branches(fn.Body)
		p.Raises = raises(fn.Body, signature)
		if fn.Doc != nil {
			p.Doc = strings.SplitN(strings.TrimSpace(fn.Doc.Text()), "\n", 2)[0]
		}
		a.Points = append(a.Points, p)
	}
	names := make([]string, 0, len(methodsOf))
	for name := range methodsOf {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a.Classes = append(a.Classes, a.classFor(name, methodsOf[name]))
	}
	return a, nil
}

// instantiate picks the type arguments a generic function is tested with: the first of int, float64, string and bool
// that satisfies every type parameter's constraint (the same one for all of them, which keeps the inputs simple).
func instantiate(signature *types.Signature) (*types.Signature, string, bool) {
	for _, candidate := range []types.Type{types.Typ[types.Int], types.Typ[types.Float64], types.Typ[types.String], types.Typ[types.Bool]} {
		args := make([]types.Type, signature.TypeParams().Len())
		names := make([]string, len(args))
		for i := range args {
			args[i], names[i] = candidate, candidate.String()
		}
		if instantiated, err := types.Instantiate(nil, signature, args, true); err == nil {
			return instantiated.(*types.Signature), "[" + strings.Join(names, ", ") + "]", true
		}
	}
	return nil, "", false
}

func fileImports(file *ast.File) map[string]string {
	imports := map[string]string{}
	for _, spec := range file.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := filepath.Base(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "_" && name != "." {
			imports[name] = path
		}
	}
	return imports
}

func receiverName(t types.Type) string {
	if pointer, ok := t.(*types.Pointer); ok {
		t = pointer.Elem()
	}
	if named, ok := t.(*types.Named); ok {
		return named.Obj().Name()
	}
	return ""
}

// classFor finds the function that builds NAME (NewName returning *Name, or Name when no method needs a pointer), so
// methods are called on a usable instance rather than on a zero value.
func (a *analysis) classFor(name string, methods []*ast.FuncDecl) class {
	c := class{Name: name, Constructor: []parameter{}}
	if a.pkg == nil {
		return c
	}
	pointerMethods := false
	for _, method := range methods {
		if _, ok := method.Recv.List[0].Type.(*ast.StarExpr); ok {
			pointerMethods = true
		}
	}
	object, ok := a.pkg.Scope().Lookup("New" + name).(*types.Func)
	if !ok {
		return c
	}
	signature := object.Type().(*types.Signature)
	if signature.TypeParams().Len() > 0 || signature.Results().Len() != 1 || signature.Variadic() {
		return c
	}
	result := signature.Results().At(0).Type()
	isPointer := false
	if pointer, ok := result.(*types.Pointer); ok {
		result, isPointer = pointer.Elem(), true
	}
	if named, ok := result.(*types.Named); !ok || named.Obj().Name() != name || named.Obj().Pkg() != a.pkg || (!isPointer && pointerMethods) {
		return c
	}
	c.Factory = "New" + name
	c.Constructor, _ = parameters(a, signature)
	return c
}

func parameters(a *analysis, signature *types.Signature) ([]parameter, bool) {
	list := []parameter{}
	for i := 0; i < signature.Params().Len(); i++ {
		variable := signature.Params().At(i)
		name := variable.Name()
		if name == "" || name == "_" {
			name = fmt.Sprintf("arg%d", i+1)
		}
		rest := signature.Variadic() && i == signature.Params().Len()-1
		list = append(list, parameter{Name: name, Type: describe(a, variable.Type()), Rest: rest})
	}
	return list, signature.Variadic()
}

// describe writes a type as the package's own code writes it, followed by its underlying shape in parentheses when
// that differs: "Celsius (float64)", "*Config (*struct)", "Stack ([]int)", "error".
func describe(a *analysis, t types.Type) string {
	written := types.TypeString(t, a.qualifier)
	shape := shapeOf(a, t)
	if shape == written {
		return written
	}
	return written + " (" + shape + ")"
}

func shapeOf(a *analysis, t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return "*" + shapeOf(a, u.Elem())
	case *types.Struct:
		return "struct"
	case *types.Interface:
		if types.Identical(t, types.Universe.Lookup("error").Type()) {
			return "error"
		}
		if u.NumMethods() == 0 {
			return "any"
		}
		return "interface"
	case *types.Signature:
		return "func"
	case *types.Chan:
		return "chan"
	default:
		return types.TypeString(u, a.qualifier)
	}
}

func (a *analysis) qualifier(p *types.Package) string {
	if p == a.pkg {
		return ""
	}
	for name, path := range a.imports {
		if path == p.Path() {
			return name
		}
	}
	return p.Name()
}

func typeList(a *analysis, tuple *types.Tuple) string {
	parts := []string{}
	for i := 0; i < tuple.Len(); i++ {
		parts = append(parts, types.TypeString(tuple.At(i).Type(), a.qualifier))
	}
	return strings.Join(parts, ", ")
}

func branches(body *ast.BlockStmt) int {
	count := 0
	ast.Inspect(body, func(node ast.Node) bool {
		switch n := node.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.CaseClause, *ast.CommClause:
			count++
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				count++
			}
		}
		return true
	})
	return count
}

// raises lists the error paths: errors.New, fmt.Errorf, sentinel errors (ErrX), error types, returned errors and panics.
func raises(body *ast.BlockStmt, signature *types.Signature) []string {
	found := []string{}
	add := func(name string) {
		for _, known := range found {
			if known == name {
				return
			}
		}
		found = append(found, name)
	}
	returnsError := signature.Results().Len() > 0 && types.Identical(signature.Results().At(signature.Results().Len()-1).Type(), types.Universe.Lookup("error").Type())
	ast.Inspect(body, func(node ast.Node) bool {
		switch n := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if ident, ok := n.Fun.(*ast.Ident); ok && ident.Name == "panic" {
				add("panic")
			}
		case *ast.ReturnStmt:
			if !returnsError || len(n.Results) == 0 {
				return true
			}
			last := n.Results[len(n.Results)-1]
			if ident, ok := last.(*ast.Ident); ok && ident.Name == "nil" {
				return true
			}
			add(errorName(last))
		}
		return true
	})
	return found
}

func errorName(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.CallExpr:
		if selector, ok := e.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := selector.X.(*ast.Ident); ok {
				return pkg.Name + "." + selector.Sel.Name
			}
		}
		if ident, ok := e.Fun.(*ast.Ident); ok {
			return ident.Name
		}
	case *ast.UnaryExpr:
		return errorName(e.X)
	case *ast.CompositeLit:
		if ident, ok := e.Type.(*ast.Ident); ok {
			return ident.Name
		}
	case *ast.Ident:
		if strings.HasPrefix(e.Name, "Err") || strings.HasPrefix(e.Name, "err") && e.Name != "err" {
			return e.Name
		}
		return "error"
	case *ast.SelectorExpr:
		if pkg, ok := e.X.(*ast.Ident); ok {
			return pkg.Name + "." + e.Sel.Name
		}
	}
	return "error"
}

// ---- observed execution ----

type call struct {
	ID                   string   `json:"id"`
	Function             string   `json:"function"`
	ClassName            string   `json:"className"`
	Arguments            []string `json:"arguments"`
	ConstructorArguments []string `json:"constructorArguments"`
}

type result struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Type   string `json:"type,omitempty"`
	Value  string `json:"value,omitempty"`
	Stable bool   `json:"stable"`
	Lines  []int  `json:"lines"`
}

var stdImports = map[string]string{"strings": "strings", "errors": "errors", "math": "math", "time": "time"}

func execute(target, callsFile, outFile string) {
	out := map[string]interface{}{}
	defer func() {
		data, _ := json.Marshal(out)
		if err := os.WriteFile(outFile, data, 0o644); err != nil {
			fail(err.Error())
		}
	}()
	a, err := analyze(target)
	if err != nil {
		out["importError"] = err.Error()
		return
	}
	var calls []call
	data, err := os.ReadFile(callsFile)
	if err == nil {
		err = json.Unmarshal(data, &calls)
	}
	if err != nil {
		out["importError"] = "cannot read the planned calls: " + err.Error()
		return
	}
	original, err := os.ReadFile(target)
	if err != nil {
		out["importError"] = err.Error()
		return
	}
	instrumented, markLines := instrument(a.fset, a.file, original)
	dir := filepath.Dir(target)
	marks := filepath.Join(dir, "lightning_observe_marks.go")
	harness := filepath.Join(dir, "lightning_observe_test.go")
	lines := filepath.Join(dir, ".lightning_observe.jsonl")
	defer func() {
		os.WriteFile(target, original, 0o644)
		os.Remove(marks)
		os.Remove(harness)
		os.Remove(lines)
	}()
	if err := os.WriteFile(target, instrumented, 0o644); err != nil {
		out["importError"] = err.Error()
		return
	}
	if err := os.WriteFile(marks, []byte(marksFile(a.Package)), 0o644); err != nil {
		out["importError"] = err.Error()
		return
	}
	points := map[string]point{}
	for _, p := range a.Points {
		points[p.ClassName+"."+p.Name] = p
	}
	factories := map[string]class{}
	for _, c := range a.Classes {
		factories[c.Name] = c
	}
	results := map[string]result{}
	excluded := map[string]string{} // calls left out of the harness: uncompilable or stopped the process
	absolute, _ := filepath.Abs(lines)
	for attempt := 0; attempt < 12; attempt++ {
		var planned []call
		for _, c := range calls {
			if _, done := results[c.ID]; !done && excluded[c.ID] == "" {
				planned = append(planned, c)
			}
		}
		if len(planned) == 0 {
			break
		}
		source, callLines := harnessFile(a, planned, points, factories)
		if err := os.WriteFile(harness, []byte(source), 0o644); err != nil {
			out["importError"] = err.Error()
			return
		}
		os.Remove(lines)
		command := exec.Command("go", "test", "-vet=off", "-count=1", "-run", "^TestLightningObserve$", "-timeout", "10m", ".")
		command.Dir = dir
		command.Env = append(os.Environ(), "LIGHTNING_OBSERVE_OUT="+absolute, "GOFLAGS=-mod=mod", "GOPROXY=off")
		output, _ := command.CombinedOutput()
		started, finished := readLines(absolute, results)
		if len(finished) == 0 && started == "" {
			// Nothing ran: the harness did not compile. Leave out the calls the compiler names, else give up.
			bad := compileErrors(string(output), filepath.Base(harness), callLines)
			if len(bad) == 0 {
				out["importError"] = "the observation harness did not build: " + firstLines(string(output), 6)
				return
			}
			for id, message := range bad {
				excluded[id] = "does not compile: " + message
			}
			continue
		}
		if started != "" {
			// The process ended inside a call (os.Exit, a panic in another goroutine, a fatal error).
			excluded[started] = "escaped"
			results[started] = result{ID: started, Kind: "escaped", Lines: []int{}}
		}
	}
	list := []result{}
	for _, c := range calls {
		r, ok := results[c.ID]
		if !ok {
			r = result{ID: c.ID, Kind: "skipped", Value: excluded[c.ID], Lines: []int{}}
		}
		if r.Lines == nil {
			r.Lines = []int{}
		}
		list = append(list, r)
	}
	out["results"] = mapLines(list, markLines)
}

// readLines reads what the harness wrote: {"start":id} before each call, the observation after it.
func readLines(path string, results map[string]result) (string, []string) {
	file, err := os.Open(path)
	if err != nil {
		return "", nil
	}
	defer file.Close()
	started := ""
	finished := []string{}
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var line struct {
			Start string `json:"start"`
			result
			Marks []int `json:"marks"`
		}
		if json.Unmarshal(scanner.Bytes(), &line) != nil {
			continue
		}
		if line.Start != "" {
			started = line.Start
			continue
		}
		line.result.Lines = line.Marks
		results[line.ID] = line.result
		finished = append(finished, line.ID)
		started = ""
	}
	return started, finished
}

// mapLines turns the mark ids a call hit into the target's line numbers.
func mapLines(list []result, markLines map[int]int) []result {
	for i := range list {
		seen := map[int]bool{}
		lines := []int{}
		for _, id := range list[i].Lines {
			if line, ok := markLines[id]; ok && !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
		sort.Ints(lines)
		list[i].Lines = lines
	}
	return list
}

var compileError = regexp.MustCompile(`(?m)^\S*?([\w.-]+\.go):(\d+)(?::\d+)?: (.*)$`)

func compileErrors(output, harness string, callLines map[int]string) map[string]string {
	bad := map[string]string{}
	for _, match := range compileError.FindAllStringSubmatch(output, -1) {
		if match[1] != harness {
			continue
		}
		line, _ := strconv.Atoi(match[2])
		if id, ok := callLines[line]; ok {
			if _, known := bad[id]; !known {
				bad[id] = match[3]
			}
		}
	}
	return bad
}

func firstLines(text string, n int) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// instrument inserts lightningObserveMark(N) after the opening brace of every block (not switch or select bodies,
// which hold clauses) and after the colon of every case, without adding a line.
func instrument(fset *token.FileSet, file *ast.File, source []byte) ([]byte, map[int]int) {
	clauseBodies := map[*ast.BlockStmt]bool{}
	type insertion struct {
		offset int
		line   int
	}
	var at []insertion
	ast.Inspect(file, func(node ast.Node) bool {
		switch n := node.(type) {
		case *ast.SwitchStmt:
			clauseBodies[n.Body] = true
		case *ast.TypeSwitchStmt:
			clauseBodies[n.Body] = true
		case *ast.SelectStmt:
			clauseBodies[n.Body] = true
		case *ast.BlockStmt:
			if !clauseBodies[n] {
				position := fset.Position(n.Lbrace)
				at = append(at, insertion{position.Offset + 1, position.Line})
			}
		case *ast.CaseClause:
			position := fset.Position(n.Colon)
			at = append(at, insertion{position.Offset + 1, position.Line})
		case *ast.CommClause:
			position := fset.Position(n.Colon)
			at = append(at, insertion{position.Offset + 1, position.Line})
		}
		return true
	})
	sort.Slice(at, func(i, j int) bool { return at[i].offset < at[j].offset })
	var buffer bytes.Buffer
	markLines := map[int]int{}
	previous := 0
	for id, insert := range at {
		buffer.Write(source[previous:insert.offset])
		fmt.Fprintf(&buffer, " lightningObserveMark(%d);", id)
		markLines[id] = insert.line
		previous = insert.offset
	}
	buffer.Write(source[previous:])
	return buffer.Bytes(), markLines
}

func marksFile(pkg string) string {
	return `package ` + pkg + `

import lightningObserveSync "sync"

// Written by Lightning for the observed execution of generated calls; removed when it ends.

var lightningObserveMu lightningObserveSync.Mutex
var lightningObserveHits = map[int]bool{}

func lightningObserveMark(id int) {
	lightningObserveMu.Lock()
	lightningObserveHits[id] = true
	lightningObserveMu.Unlock()
}

type lightningObserveAnchor struct{}
`
}

// harnessFile writes TestLightningObserve: each call in a closure that returns pointers to its results (so their
// static types are known), run twice under recover with a per-call timeout. Returns the source and which call each
// line belongs to (to blame compile errors).
func harnessFile(a *analysis, calls []call, points map[string]point, factories map[string]class) (string, map[int]string) {
	used := map[string]string{}
	callLines := map[int]string{}
	header := harnessHeader(a.Package)
	type written struct {
		id   string
		text string
	}
	var entries []written
	for _, c := range calls {
		p := points[c.ClassName+"."+c.Function]
		label := c.Function
		if c.ClassName != "" {
			label = c.ClassName + "." + c.Function
		}
		expression := c.Function + p.TypeArgs + "(" + strings.Join(c.Arguments, ", ") + ")"
		if c.ClassName != "" {
			receiver := "new(" + c.ClassName + ")"
			if factory := factories[c.ClassName]; factory.Factory != "" {
				receiver = factory.Factory + "(" + strings.Join(c.ConstructorArguments, ", ") + ")"
			}
			expression = receiver + "." + expression
		}
		for _, argument := range append(append([]string{}, c.Arguments...), c.ConstructorArguments...) {
			for name := range referencedPackages(argument) {
				if path, ok := a.imports[name]; ok {
					used[name] = path
				} else if path, ok := stdImports[name]; ok {
					used[name] = path
				}
			}
		}
		var text string
		if len(p.results) == 0 {
			text = fmt.Sprintf("\t{%q, %q, func() []interface{} {\n\t\t%s\n\t\treturn nil\n\t}},\n", c.ID, label, expression)
		} else {
			names := make([]string, len(p.results))
			pointers := make([]string, len(p.results))
			for i := range names {
				names[i] = fmt.Sprintf("r%d", i)
				pointers[i] = "&" + names[i]
			}
			text = fmt.Sprintf("\t{%q, %q, func() []interface{} {\n\t\t%s := %s\n\t\treturn []interface{}{%s}\n\t}},\n",
				c.ID, label, strings.Join(names, ", "), expression, strings.Join(pointers, ", "))
		}
		entries = append(entries, written{c.ID, text})
	}
	imports := harnessImports(used)
	var source strings.Builder
	source.WriteString(header)
	source.WriteString(imports)
	source.WriteString("var lightningObserveCalls = []lightningObserveCall{\n")
	line := strings.Count(source.String(), "\n") + 1
	for _, entry := range entries {
		for i := 0; i < strings.Count(entry.text, "\n"); i++ {
			callLines[line+i] = entry.id
		}
		line += strings.Count(entry.text, "\n")
		source.WriteString(entry.text)
	}
	source.WriteString("}\n")
	source.WriteString(harnessCore)
	return source.String(), callLines
}

var packageReference = regexp.MustCompile(`\b([a-z][a-zA-Z0-9_]*)\.[A-Z]`)

func referencedPackages(source string) map[string]bool {
	names := map[string]bool{}
	for _, match := range packageReference.FindAllStringSubmatch(source, -1) {
		names[match[1]] = true
	}
	return names
}

func harnessHeader(pkg string) string {
	return "package " + pkg + "\n\n// Written by Lightning for the observed execution of generated calls; removed when it ends.\n\n"
}

func harnessImports(used map[string]string) string {
	lines := []string{
		`lightningObserveJSON "encoding/json"`,
		`lightningObserveFmt "fmt"`,
		`lightningObserveMath "math"`,
		`lightningObserveOS "os"`,
		`lightningObserveReflect "reflect"`,
		`lightningObserveSort "sort"`,
		`lightningObserveStrconv "strconv"`,
		`lightningObserveStrings "strings"`,
		`lightningObserveTesting "testing"`,
		`lightningObserveTime "time"`,
	}
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		lines = append(lines, name+" "+strconv.Quote(used[name]))
	}
	return "import (\n\t" + strings.Join(lines, "\n\t") + "\n)\n\n"
}

// harnessCore runs the calls and writes one JSON line per call (and one before it, so a call that ends the process is known).
const harnessCore = `
type lightningObserveCall struct {
	id       string
	function string
	run      func() []interface{}
}

type lightningObserveOutcome struct {
	Kind     string                     ` + "`json:\"kind\"`" + `
	Results  []lightningObserveValue    ` + "`json:\"results,omitempty\"`" + `
	Error    *string                    ` + "`json:\"error,omitempty\"`" + `
	ErrType  string                     ` + "`json:\"errorType,omitempty\"`" + `
	Panic    string                     ` + "`json:\"panic,omitempty\"`" + `
	PanicType string                    ` + "`json:\"panicType,omitempty\"`" + `
}

type lightningObserveValue struct {
	Literal   *string ` + "`json:\"literal,omitempty\"`" + `
	Static    string  ` + "`json:\"static\"`" + `
	Dynamic   string  ` + "`json:\"dynamic\"`" + `
	Basic     bool    ` + "`json:\"basic\"`" + `
	Nil       bool    ` + "`json:\"nil\"`" + `
	Interface bool    ` + "`json:\"interface\"`" + `
}

var lightningObserveErrorType = lightningObserveReflect.TypeOf((*error)(nil)).Elem()

func lightningObservePackage() string {
	return lightningObserveReflect.TypeOf(lightningObserveAnchor{}).PkgPath()
}

func TestLightningObserve(t *lightningObserveTesting.T) {
	out, err := lightningObserveOS.OpenFile(lightningObserveOS.Getenv("LIGHTNING_OBSERVE_OUT"), lightningObserveOS.O_APPEND|lightningObserveOS.O_CREATE|lightningObserveOS.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	timeout := 2 * lightningObserveTime.Second
	if text := lightningObserveOS.Getenv("LIGHTNING_OBSERVE_CALL_TIMEOUT_MS"); text != "" {
		if ms, err := lightningObserveStrconv.Atoi(text); err == nil {
			timeout = lightningObserveTime.Duration(ms) * lightningObserveTime.Millisecond
		}
	}
	hung := map[string]bool{}
	noise := map[int]bool{}
	write := func(value interface{}) {
		data, _ := lightningObserveJSON.Marshal(value)
		out.Write(append(data, '\n'))
		out.Sync()
	}
	for _, c := range lightningObserveCalls {
		if hung[c.function] {
			write(map[string]interface{}{"id": c.id, "kind": "skipped", "value": "an earlier call of " + c.function + " timed out", "stable": false})
			continue
		}
		write(map[string]string{"start": c.id})
		lightningObserveMu.Lock()
		lightningObserveHits = map[int]bool{}
		lightningObserveMu.Unlock()
		first := lightningObserveRun(c.run, timeout)
		lightningObserveMu.Lock()
		marks := []int{}
		for id := range lightningObserveHits {
			if !noise[id] {
				marks = append(marks, id)
			}
		}
		lightningObserveMu.Unlock()
		lightningObserveSort.Ints(marks)
		if first.Kind == "timeout" {
			hung[c.function] = true
			write(map[string]interface{}{"id": c.id, "kind": "timeout", "stable": false, "marks": marks})
			// The hung call goes on in its goroutine: what it keeps marking is noise for the calls after it.
			lightningObserveMu.Lock()
			lightningObserveHits = map[int]bool{}
			lightningObserveMu.Unlock()
			lightningObserveTime.Sleep(20 * lightningObserveTime.Millisecond)
			lightningObserveMu.Lock()
			for id := range lightningObserveHits {
				noise[id] = true
			}
			lightningObserveMu.Unlock()
			continue
		}
		second := lightningObserveRun(c.run, timeout)
		a, _ := lightningObserveJSON.Marshal(first)
		b, _ := lightningObserveJSON.Marshal(second)
		kind, typ := "returned", ""
		switch {
		case first.Panic != "" || first.PanicType != "":
			kind, typ = "raised", "panic"
		case first.Error != nil:
			kind, typ = "raised", "error"
		default:
			types := []string{}
			for _, v := range first.Results {
				types = append(types, v.Dynamic)
			}
			typ = lightningObserveStrings.Join(types, ", ")
		}
		write(map[string]interface{}{"id": c.id, "kind": kind, "type": typ, "value": string(a), "stable": string(a) == string(b), "marks": marks})
	}
}

func lightningObserveRun(run func() []interface{}, timeout lightningObserveTime.Duration) lightningObserveOutcome {
	done := make(chan lightningObserveOutcome, 1)
	go func() {
		var outcome lightningObserveOutcome
		defer func() {
			if recovered := recover(); recovered != nil {
				outcome = lightningObserveOutcome{Kind: "panic", Panic: lightningObserveFmt.Sprint(recovered), PanicType: lightningObserveFmt.Sprintf("%T", recovered)}
			}
			done <- outcome
		}()
		outcome = lightningObserveDescribe(run())
	}()
	select {
	case outcome := <-done:
		return outcome
	case <-lightningObserveTime.After(timeout):
		return lightningObserveOutcome{Kind: "timeout"}
	}
}

func lightningObserveDescribe(pointers []interface{}) lightningObserveOutcome {
	outcome := lightningObserveOutcome{Kind: "returned", Results: []lightningObserveValue{}}
	for i, pointer := range pointers {
		value := lightningObserveReflect.ValueOf(pointer).Elem()
		static := value.Type()
		if i == len(pointers)-1 && static == lightningObserveErrorType {
			if !value.IsNil() {
				message := value.Interface().(error).Error()
				outcome.Error = &message
				outcome.ErrType = lightningObserveFmt.Sprintf("%T", value.Interface())
			}
			continue
		}
		described := lightningObserveValue{Static: lightningObserveFmt.Sprint(static), Interface: static.Kind() == lightningObserveReflect.Interface}
		if value.Kind() == lightningObserveReflect.Interface {
			if value.IsNil() {
				described.Nil = true
				literal := "nil"
				described.Literal = &literal
				described.Dynamic = "nil"
				outcome.Results = append(outcome.Results, described)
				continue
			}
			value = value.Elem()
		}
		described.Dynamic = lightningObserveFmt.Sprint(value.Type())
		described.Basic = lightningObserveBasic(value.Kind())
		switch value.Kind() {
		case lightningObserveReflect.Ptr, lightningObserveReflect.Map, lightningObserveReflect.Slice, lightningObserveReflect.Func, lightningObserveReflect.Chan:
			described.Nil = value.IsNil()
		}
		if literal, ok := lightningObserveLiteral(value, described.Interface, 0); ok && len(literal) <= 400 {
			described.Literal = &literal
		}
		outcome.Results = append(outcome.Results, described)
	}
	return outcome
}

func lightningObserveBasic(kind lightningObserveReflect.Kind) bool {
	switch kind {
	case lightningObserveReflect.Bool, lightningObserveReflect.String,
		lightningObserveReflect.Int, lightningObserveReflect.Int8, lightningObserveReflect.Int16, lightningObserveReflect.Int32, lightningObserveReflect.Int64,
		lightningObserveReflect.Uint, lightningObserveReflect.Uint8, lightningObserveReflect.Uint16, lightningObserveReflect.Uint32, lightningObserveReflect.Uint64, lightningObserveReflect.Uintptr,
		lightningObserveReflect.Float32, lightningObserveReflect.Float64:
		return true
	}
	return false
}

// lightningObserveTypeName writes a type as the package under test writes it; false for types it cannot name.
func lightningObserveTypeName(t lightningObserveReflect.Type) (string, bool) {
	if t.Name() != "" {
		switch {
		case t.PkgPath() == "":
			return t.Name(), true
		case t.PkgPath() == lightningObservePackage():
			return t.Name(), true
		default:
			return t.String(), true
		}
	}
	switch t.Kind() {
	case lightningObserveReflect.Slice:
		elem, ok := lightningObserveTypeName(t.Elem())
		return "[]" + elem, ok
	case lightningObserveReflect.Array:
		elem, ok := lightningObserveTypeName(t.Elem())
		return "[" + lightningObserveStrconv.Itoa(t.Len()) + "]" + elem, ok
	case lightningObserveReflect.Ptr:
		elem, ok := lightningObserveTypeName(t.Elem())
		return "*" + elem, ok
	case lightningObserveReflect.Map:
		key, ok1 := lightningObserveTypeName(t.Key())
		elem, ok2 := lightningObserveTypeName(t.Elem())
		return "map[" + key + "]" + elem, ok1 && ok2
	case lightningObserveReflect.Interface:
		if t.NumMethod() == 0 {
			return "interface{}", true
		}
	}
	return "", false
}

// lightningObserveLiteral writes a value as a Go expression of its own type, when it can be written as one.
func lightningObserveLiteral(v lightningObserveReflect.Value, typed bool, depth int) (string, bool) {
	if depth > 6 {
		return "", false
	}
	t := v.Type()
	name, named := lightningObserveTypeName(t)
	wrap := func(text string) (string, bool) {
		// In an interface (or as a named type) an untyped constant would take the wrong type: convert it.
		if typed || (t.Name() != "" && t.PkgPath() != "") {
			if !named {
				return "", false
			}
			return name + "(" + text + ")", true
		}
		return text, true
	}
	switch v.Kind() {
	case lightningObserveReflect.Bool:
		return wrap(lightningObserveStrconv.FormatBool(v.Bool()))
	case lightningObserveReflect.Int, lightningObserveReflect.Int8, lightningObserveReflect.Int16, lightningObserveReflect.Int32, lightningObserveReflect.Int64:
		if typed && t.Name() == "int" {
			return lightningObserveStrconv.FormatInt(v.Int(), 10), true
		}
		return wrap(lightningObserveStrconv.FormatInt(v.Int(), 10))
	case lightningObserveReflect.Uint, lightningObserveReflect.Uint8, lightningObserveReflect.Uint16, lightningObserveReflect.Uint32, lightningObserveReflect.Uint64, lightningObserveReflect.Uintptr:
		return wrap(lightningObserveStrconv.FormatUint(v.Uint(), 10))
	case lightningObserveReflect.Float32, lightningObserveReflect.Float64:
		f := v.Float()
		if lightningObserveMath.IsNaN(f) || lightningObserveMath.IsInf(f, 0) {
			return "", false
		}
		bits := 64
		if v.Kind() == lightningObserveReflect.Float32 {
			bits = 32
		}
		text := lightningObserveStrconv.FormatFloat(f, 'g', -1, bits)
		if typed && !(t.Name() != "" && t.PkgPath() != "") {
			return name + "(" + text + ")", named
		}
		return wrap(text)
	case lightningObserveReflect.String:
		if typed && t.Name() == "string" {
			return lightningObserveStrconv.Quote(v.String()), true
		}
		return wrap(lightningObserveStrconv.Quote(v.String()))
	case lightningObserveReflect.Slice, lightningObserveReflect.Array:
		if !named {
			return "", false
		}
		if v.Kind() == lightningObserveReflect.Slice && v.IsNil() {
			return lightningObserveConversion(name) + "(nil)", true
		}
		elemTyped := t.Elem().Kind() == lightningObserveReflect.Interface
		parts := []string{}
		for i := 0; i < v.Len(); i++ {
			part, ok := lightningObserveLiteral(v.Index(i), elemTyped, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, part)
		}
		return name + "{" + lightningObserveStrings.Join(parts, ", ") + "}", true
	case lightningObserveReflect.Map:
		if !named {
			return "", false
		}
		if v.IsNil() {
			return lightningObserveConversion(name) + "(nil)", true
		}
		parts := []string{}
		for _, key := range v.MapKeys() {
			k, ok1 := lightningObserveLiteral(key, t.Key().Kind() == lightningObserveReflect.Interface, depth+1)
			e, ok2 := lightningObserveLiteral(v.MapIndex(key), t.Elem().Kind() == lightningObserveReflect.Interface, depth+1)
			if !ok1 || !ok2 {
				return "", false
			}
			parts = append(parts, k+": "+e)
		}
		lightningObserveSort.Strings(parts)
		return name + "{" + lightningObserveStrings.Join(parts, ", ") + "}", true
	case lightningObserveReflect.Struct:
		if !named || t.Name() == "" {
			return "", false
		}
		parts := []string{}
		for i := 0; i < t.NumField(); i++ {
			field := t.Field(i)
			if field.PkgPath != "" && t.PkgPath() != lightningObservePackage() {
				return "", false
			}
			if v.Field(i).IsZero() {
				continue
			}
			part, ok := lightningObserveLiteral(v.Field(i), field.Type.Kind() == lightningObserveReflect.Interface, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, field.Name+": "+part)
		}
		return name + "{" + lightningObserveStrings.Join(parts, ", ") + "}", true
	case lightningObserveReflect.Ptr:
		if !named {
			return "", false
		}
		if v.IsNil() {
			return lightningObserveConversion(name) + "(nil)", true
		}
		if v.Elem().Kind() != lightningObserveReflect.Struct {
			return "", false
		}
		inner, ok := lightningObserveLiteral(v.Elem(), false, depth+1)
		return "&" + inner, ok
	case lightningObserveReflect.Interface:
		if v.IsNil() {
			return "nil", true
		}
		return lightningObserveLiteral(v.Elem(), true, depth+1)
	}
	return "", false
}

// lightningObserveConversion parenthesises a type that starts with an operator: (*T)(nil), not *T(nil).
func lightningObserveConversion(name string) string {
	if lightningObserveStrings.HasPrefix(name, "*") || lightningObserveStrings.HasPrefix(name, "func") {
		return "(" + name + ")"
	}
	return name
}
`
