//! What code mentions, collected per owning item for the resolver: calls by
//! path, method calls with a syntactic guess of the receiver's type,
//! function values passed as arguments, types and traits named in
//! signatures, fields, bounds and bodies (and body paths that may name a
//! type), macro calls and derives. Purely syntactic: nothing is resolved
//! here.

use crate::resolve::fast_hash::HashMap;

use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, GenericArgument, Pat, PathArguments, ReturnType, Type};

use crate::model::NodeIdx;

use super::own_wrappers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteKind {
    /// `f()`, `m::f()`, `Type::f()`, `<T as Trait>::f()`.
    Call,
    /// `receiver.method()`; `path` holds the method name.
    MethodCall,
    /// A path passed as an argument (`map(Self::parse)`): a call if it
    /// resolves to a function.
    FnValue,
    /// A type named in a signature, field, alias, const type, bound or
    /// body (`let` and closure parameter types, turbofish, casts).
    TypeRef,
    /// A trait named in a bound, supertrait list or where clause.
    TraitRef,
    /// A path in a body or initializer that may name a type, as itself or
    /// as the owner of a member: `Foo::new()`, `Foo::CONST`, `Foo { .. }`,
    /// `E::A(x)` in an expression or pattern. A `references` edge to the
    /// type it writes, if any; never an `unresolved` row (the path may
    /// name a function, a const or a local's variant). A path used as a
    /// value (a call, an expression, a tuple-struct pattern) is looked up
    /// among values first; a struct literal's or pattern's names a type.
    Mention { value: bool },
    /// `name!(…)` inside a body.
    MacroCall,
    /// `#[derive(Name)]` on a type.
    Derive,
}

/// A guess at an expression's type, resolved later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeGuess {
    /// A written type path (`Self` included), generics dropped.
    Path(Vec<String>),
    /// A written generic type that holds nothing std knows of, with its
    /// written type arguments (`ps: &Punctuated<Param, Comma>`): what a
    /// method typed by the type's parameters gives (`ps.iter()`).
    Generic(Vec<String>, TypeArguments),
    /// What the function at this path returns (`Type::new(..)`), or the
    /// type itself for a tuple-struct constructor.
    ReturnOf(Vec<String>),
    /// A field of a value of the inner type.
    FieldOf(Box<TypeGuess>, String),
    /// What a method called on a value of the inner type returns.
    MethodReturn(Box<TypeGuess>, String),
    /// A value known only by its trait bounds (`x: I` with `I: Iterator`,
    /// `impl Read`, `&dyn Write`): the traits' paths.
    Bounds(Vec<Vec<String>>),
    /// A value of a written type (outer path) holding `T`s (inner path):
    /// `Option<T>`, `Result<T, E>`, `Vec<T>` and other collections.
    Wrapper(Vec<String>, Vec<String>),
    /// A value of a written slice or array type, `[T]` or `[T; N]`: only
    /// its element type, the inner path, is known.
    Elements(Vec<String>),
    /// The `T` a value of the inner guess holds: what `?`, `unwrap()` and
    /// a `Some(x)`/`Ok(x)` pattern take out of an `Option<T>`/`Result<T, E>`,
    /// what a `for` loop or an iterator adapter's closure gets from a
    /// collection of `T`.
    Unwrapped(Box<TypeGuess>),
    /// A path used as a value: a unit struct, a unit variant (its enum), a
    /// const or a static (its declared type).
    ValueOf(Vec<String>),
    /// A binding of a tuple-struct or struct pattern: the declared type of
    /// a field (by name, or by position for tuple fields: `"0"`) of the
    /// variant or struct at the path (`Class::Unicode(x)`, `Span { start,
    /// .. }`). The pattern's path fixes the type whatever the scrutinee is.
    PatternField(Vec<String>, String),
    /// `a + b`, `-a`, `a << n`: what the operands are, when it is a
    /// primitive (whose operators return their own type); the left operand
    /// first, else the right.
    Arithmetic(Box<TypeGuess>, Option<Box<TypeGuess>>),
    /// `*x`: for a raw pointer or a std smart pointer, what it points to;
    /// otherwise what `x` is (method calls auto-deref references anyway).
    Deref(Box<TypeGuess>),
    /// A tuple of values, each guessed or not (`(a, b)`, a written
    /// `(u8, Foo)`).
    Tuple(Vec<Option<TypeGuess>>),
    /// The element at a position of a tuple value of the inner guess (`let
    /// (lo, hi) = it.size_hint();`, `for (i, x) in v.iter().enumerate()`).
    TupleElement(Box<TypeGuess>, u16),
    /// A value of std's smart pointer (the name as written: `Arc`, `Rc`,
    /// `Box`, `Pin`) around a value of the inner guess (`x: Arc<Shared>`,
    /// `self: Pin<&mut Self>`): the pointer's own methods (`Arc::clone`,
    /// `Pin::as_mut`) come before the inner value's, which it derefs to.
    Behind(&'static str, Box<TypeGuess>),
    /// A parameter (third) of a closure passed as an argument (second, by
    /// its place among the callee's inputs, a method's receiver counted)
    /// to the callee the inner guess calls: a [`TypeGuess::ReturnOf`] for
    /// `budget(|cell| ..)`, a [`TypeGuess::MethodReturn`] for
    /// `slot.with_mut(|ptr| ..)`. The callee's declaration types it (`f:
    /// impl FnOnce(&Cell<Budget>) -> R`).
    ClosureInput(Box<TypeGuess>, u16, u16),
    /// A value of the inner guess whose bounds convert it (`impl
    /// AsRef<Path>`, `P: Borrow<str>`): the conversion method and the path
    /// of what it gives (`("as_ref", Path)`).
    Converts(Box<TypeGuess>, Vec<(&'static str, Vec<String>)>),
    /// `Some(x)`, `Ok(x)`: what the call at the path makes, holding a
    /// value of the inner guess (`let mut lock = Some(guard);` then
    /// `lock.take().unwrap()` is the guard).
    Holds(Vec<String>, Box<TypeGuess>),
    /// `x.await`: what the future the inner guess is gives, the declared
    /// return of an `async fn`, or the `Output` of a type's `Future` impl.
    Awaited(Box<TypeGuess>),
    /// The `E` of the `Result<T, E>` the inner guess is: what an `Err(e)`
    /// pattern binds, what `unwrap_err()` gives and what the closures of
    /// `map_err`, `or_else`, `unwrap_or_else` and `inspect_err` get.
    ErrorOf(Box<TypeGuess>),
}

#[derive(Debug, Clone)]
pub struct Site {
    pub kind: SiteKind,
    /// Path segments as written, generics dropped.
    pub path: Vec<String>,
    /// For `<T as Trait>::f`: the trait's path.
    pub qself_trait: Option<Vec<String>>,
    /// For a method call, its receiver; for a path call of a type's or
    /// trait's member (`T::from(x)`, `Display::fmt(t, f)`), its first
    /// argument.
    pub receiver: Option<TypeGuess>,
    /// Arguments of a method call, the receiver not counted (0 otherwise).
    pub args: u16,
    pub line: u32,
    pub col: u32,
}

/// What a method call needs of a method: a `self` to call it on, and as
/// many other parameters as the call has arguments (Rust has no default,
/// optional or variadic parameters for methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct MethodShape {
    pub takes_self: bool,
    pub params: u16,
}

impl MethodShape {
    pub fn of(signature: &syn::Signature) -> MethodShape {
        let takes_self = signature.receiver().is_some();
        let params = signature.inputs.len() - usize::from(takes_self);
        MethodShape {
            takes_self,
            params: u16::try_from(params).unwrap_or(u16::MAX),
        }
    }

    /// Whether `receiver.method(…)` with `args` arguments can call it.
    pub fn accepts_method_call(self, args: u16) -> bool {
        self.takes_self && self.params == args
    }
}

/// Everything one item mentions, with the scope needed to resolve it.
#[derive(Debug, Clone)]
pub struct OwnerSites {
    pub owner: NodeIdx,
    /// Path of the innermost item scope (module, or fn for fn-local items).
    pub scope_path: String,
    pub module_path: String,
    /// The impl's self type, for members of impls (what `Self` means).
    pub self_type: Option<Vec<String>>,
    /// A fn's written return type, or a field's/const's declared type.
    pub declared_type: Option<Vec<String>>,
    /// The `T` a declared `Option<T>`, `Result<T, E>`, `Vec<T>`, `[T]`… holds.
    pub declared_unwrapped: Option<Vec<String>>,
    /// The `T` of a declared `Option<Vec<T>>` and the like.
    pub declared_unwrapped_twice: Option<Vec<String>>,
    /// The smart pointer a declared type is (`Arc` of `Arc<Shared>`).
    pub declared_smart_pointer: Option<&'static str>,
    /// The elements of a declared tuple type (a fn's `-> (A, B)`, `type
    /// SizeHint = (usize, Option<usize>)`).
    pub declared_tuple: Option<Vec<TupleElementType>>,
    /// The written type arguments of the declared type (`[Inner]` of `io:
    /// PollEvented<Inner>`).
    pub declared_type_args: TypeArguments,
    /// Which of its owner's type parameters the declared type is, by
    /// position (see [`WrittenType::of_owner`]).
    pub declared_owner_param: Option<u16>,
    /// Which of them the `T` the declared type holds is.
    pub declared_unwrapped_owner_param: Option<u16>,
    /// For a fn: the closures it takes and their parameters' types.
    pub closure_inputs: ClosureInputs,
    pub sites: Vec<Site>,
    /// Trait bounds of the generic parameters in scope (`I` → `Iterator`),
    /// for fields and paths typed by a parameter (`self.iter.next()`,
    /// `R::next(..)`).
    pub bounds: Vec<ParameterBounds>,
}

/// The written type arguments of a type, in order: each one's path, or
/// `None` where it has none (a const).
pub type TypeArguments = Vec<Option<Vec<String>>>;

/// A generic parameter and the paths of the traits that bound it.
pub type ParameterBounds = (String, Vec<Vec<String>>);

/// Collects sites; `generics` are the type parameters in scope, which name
/// no item and are skipped.
pub struct SiteCollector<'g> {
    pub sites: Vec<Site>,
    generics: &'g [String],
    locals: Locals,
    /// What blocks and `match`es evaluate to, by address, guessed while
    /// their bindings are in scope (`match r { Ok(v) => v, Err(e) =>
    /// return e }` is a `v`), for the `let` or call that uses the value.
    values: HashMap<usize, TypeGuess>,
    /// Macro arguments parsed here, kept until the owner is done so no
    /// later node takes an address `values` knows.
    parsed_arguments: Vec<Punctuated<Expr, syn::Token![,]>>,
    /// What the next closure met as a method argument gets as its first
    /// parameter (set by iterator and `Option` adapters).
    closure_element: Option<TypeGuess>,
    /// Which of that closure's parameters get the element.
    closure_element_params: ElementParams,
    /// For `fold(init, |acc, x| ..)`: what the accumulator starts as.
    closure_accumulator: Option<TypeGuess>,
    /// For the next closure met as an argument: the call it is passed to
    /// (see [`TypeGuess::ClosureInput`]) and its place among the callee's inputs.
    closure_callee: Option<(TypeGuess, u16)>,
    /// The closures the owner (a fn) takes, for [`OwnerSites::closure_inputs`].
    pub closure_inputs: ClosureInputs,
    /// Trait bounds of the generic parameters in scope.
    bounds: HashMap<String, Vec<Vec<String>>>,
    /// What the conversion traits among those bounds convert to (see
    /// [`TypeGuess::Converts`]).
    conversions: HashMap<String, Vec<(&'static str, Vec<String>)>>,
    /// In a forwarding impl (`impl<A: Automaton + ?Sized> Automaton for
    /// &A`, `… for Box<dyn Automaton>`): what `*self` is, known only by
    /// its bounds.
    self_pointee: Option<TypeGuess>,
}

impl<'g> SiteCollector<'g> {
    pub fn new(generics: &'g [String]) -> Self {
        SiteCollector {
            sites: Vec::new(),
            generics,
            locals: Locals::default(),
            values: HashMap::default(),
            parsed_arguments: Vec::new(),
            closure_element: None,
            closure_element_params: ElementParams::First,
            closure_accumulator: None,
            closure_callee: None,
            closure_inputs: Vec::new(),
            bounds: HashMap::default(),
            conversions: HashMap::default(),
            self_pointee: None,
        }
    }

    /// Learns what `*self` is in an impl for a reference or smart pointer
    /// to a bounded type parameter or a trait object: a value of its
    /// bounds, so `(**self).m()` is the bound trait's `m`. Call after
    /// [`Self::learn_bounds`] of the impl's generics.
    pub fn learn_impl_self(&mut self, self_type: &Type) {
        let pointee = match self_type {
            Type::Reference(reference) => Some(&*reference.elem),
            Type::Path(path) if path.qself.is_none() => path
                .path
                .segments
                .last()
                // By name alone: a crate's own `Arc<T>` (rowan's, triomphe's)
                // derefs to its `T` like std's, so `**self` is the `T`.
                .filter(|last| {
                    TRANSPARENT_WRAPPERS
                        .iter()
                        .any(|wrapper| last.ident == wrapper)
                })
                .and_then(|last| match &last.arguments {
                    PathArguments::AngleBracketed(args) => first_type_argument(args),
                    _ => None,
                }),
            _ => None,
        };
        self.self_pointee = match pointee {
            Some(Type::TraitObject(object)) => Some(TypeGuess::Bounds(bound_paths(&object.bounds))),
            Some(Type::Path(path)) if path.qself.is_none() && path.path.segments.len() == 1 => self
                .bounds
                .get(&path.path.segments[0].ident.to_string())
                .filter(|traits| !traits.is_empty())
                .map(|traits| TypeGuess::Bounds(traits.clone())),
            _ => None,
        };
    }

    /// Learns the closures a fn takes (see [`closure_inputs`]), kept for
    /// the resolver to type the closures callers pass.
    pub fn learn_closure_inputs(
        &mut self,
        signature: &syn::Signature,
        outer: Option<&syn::Generics>,
        owner_params: &[String],
    ) {
        self.closure_inputs = closure_inputs(signature, outer, owner_params);
    }

    /// Learns the trait bounds of generic parameters (`<I: Iterator>`,
    /// `where I: Iterator`), so values of those types can call the traits' methods.
    pub fn learn_bounds(&mut self, generics: &syn::Generics) {
        for param in generics.type_params() {
            let traits = bound_paths(&param.bounds);
            self.bounds
                .entry(param.ident.to_string())
                .or_default()
                .extend(traits);
            let conversions = conversion_targets(&param.bounds);
            if !conversions.is_empty() {
                self.conversions
                    .entry(param.ident.to_string())
                    .or_default()
                    .extend(conversions);
            }
        }
        if let Some(where_clause) = &generics.where_clause {
            for predicate in &where_clause.predicates {
                if let syn::WherePredicate::Type(predicate) = predicate {
                    // `T: Ord`, and `I::Item: Clone` (an associated type
                    // of a parameter, keyed by its written path).
                    if let Some(path) = type_path(&predicate.bounded_ty) {
                        if path.len() == 1 || self.is_parameter_or_self(&path[0]) {
                            let traits = bound_paths(&predicate.bounds);
                            self.bounds
                                .entry(path.join("::"))
                                .or_default()
                                .extend(traits);
                            let conversions = conversion_targets(&predicate.bounds);
                            if !conversions.is_empty() {
                                self.conversions
                                    .entry(path.join("::"))
                                    .or_default()
                                    .extend(conversions);
                            }
                        }
                    }
                }
            }
        }
    }

    fn is_parameter_or_self(&self, name: &str) -> bool {
        name == "Self" || self.generics.iter().any(|generic| generic == name)
    }

    /// The sites found and the bounds learned, for [`OwnerSites`].
    pub fn finish(self) -> (Vec<Site>, Vec<ParameterBounds>) {
        let mut bounds: Vec<ParameterBounds> = self
            .bounds
            .into_iter()
            .filter(|(_, traits)| !traits.is_empty())
            .collect();
        bounds.sort();
        (self.sites, bounds)
    }

    /// A parameter's or `let`'s type as a guess: bounded generics, `impl
    /// Trait` and `dyn Trait` become their bounds; behind a smart pointer,
    /// the pointer is kept for its own methods.
    fn declared_guess(&self, ty: &Type) -> Option<TypeGuess> {
        let guess = self.declared_guess_behind_pointers(ty)?;
        Some(match smart_pointer(ty) {
            Some(pointer) => TypeGuess::Behind(pointer, Box::new(guess)),
            None => guess,
        })
    }

    fn declared_guess_behind_pointers(&self, ty: &Type) -> Option<TypeGuess> {
        match ty {
            Type::Reference(reference) => self.declared_guess(&reference.elem),
            Type::Paren(paren) => self.declared_guess(&paren.elem),
            Type::ImplTrait(bounded) => Some(converting(
                TypeGuess::Bounds(bound_paths(&bounded.bounds)),
                conversion_targets(&bounded.bounds),
            )),
            Type::TraitObject(object) => Some(TypeGuess::Bounds(bound_paths(&object.bounds))),
            // The element may be unnameable (`&[(u8, u8)]`); the slice's
            // own methods are known all the same.
            Type::Slice(_) | Type::Array(_) => {
                Some(TypeGuess::Elements(unwrapped_path(ty).unwrap_or_default()))
            }
            Type::Tuple(tuple) if !tuple.elems.is_empty() => Some(TypeGuess::Tuple(
                tuple
                    .elems
                    .iter()
                    .map(|ty| self.declared_guess(ty))
                    .collect(),
            )),
            _ => {
                let path = value_type_path(ty)?;
                if path.len() == 1 || self.is_parameter_or_self(&path[0]) {
                    let key = path.join("::");
                    if let Some(bounds) = self.bounds.get(&key) {
                        let conversions = self.conversions.get(&key).cloned().unwrap_or_default();
                        return Some(converting(TypeGuess::Bounds(bounds.clone()), conversions));
                    }
                }
                match unwrapped_path(ty) {
                    Some(inner) => Some(TypeGuess::Wrapper(path, inner)),
                    None => {
                        let arguments = type_arguments(ty);
                        if arguments.iter().any(Option::is_some) {
                            Some(TypeGuess::Generic(path, arguments))
                        } else {
                            Some(TypeGuess::Path(path))
                        }
                    }
                }
            }
        }
    }

    /// A fn's inputs: parameters become typed locals; their types are references.
    pub fn signature(&mut self, signature: &syn::Signature) {
        for input in &signature.inputs {
            match input {
                syn::FnArg::Receiver(receiver) => {
                    let own = TypeGuess::Path(vec!["Self".to_string()]);
                    // `self: Pin<&mut Self>`, `self: Arc<Self>`.
                    let guess = match smart_pointer(&receiver.ty) {
                        Some(pointer) if receiver.colon_token.is_some() => {
                            TypeGuess::Behind(pointer, Box::new(own))
                        }
                        _ => own,
                    };
                    self.locals.insert("self".to_string(), Some(guess));
                }
                syn::FnArg::Typed(typed) => {
                    let guess = self.declared_guess(&typed.ty);
                    bind_pattern(&typed.pat, guess, &mut self.locals);
                }
            }
        }
        self.visit_signature(signature);
    }

    /// A fn body: its statements, in a scope of their own. What it
    /// evaluates to is the fn's return value, typed by the signature, so
    /// no value is guessed for it.
    pub fn body(&mut self, block: &syn::Block) {
        let scope = self.locals.mark();
        syn::visit::visit_block(self, block);
        self.locals.restore(scope);
    }

    pub fn expr(&mut self, expr: &Expr) {
        self.visit_expr(expr);
    }

    pub fn ty(&mut self, ty: &Type) {
        self.visit_type(ty);
    }

    pub fn generics(&mut self, generics: &syn::Generics) {
        self.visit_generics(generics);
    }

    pub fn bounds<'a>(&mut self, bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>) {
        for bound in bounds {
            self.visit_type_param_bound(bound);
        }
    }

    /// Generic arguments of a path (`From<Bar>` names `Bar`).
    pub fn path_generic_args(&mut self, path: &syn::Path) {
        for segment in &path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
    }

    /// The plain `#[derive(..)]`s: a `derives` edge has no cfg to say when
    /// one inside `cfg_attr` holds.
    pub fn derives(&mut self, attrs: &[syn::Attribute]) {
        for (cfg, path) in super::attrs::derive_paths(attrs) {
            if cfg.is_none() {
                self.push(SiteKind::Derive, &path, None);
            }
        }
    }

    fn push(&mut self, kind: SiteKind, path: &syn::Path, qself_trait: Option<Vec<String>>) {
        let segments = segments(path);
        if segments.is_empty() {
            return;
        }
        // `T`, `Self`, and projections through them (`I::Item`,
        // `Self::Output`) name no item we could point at.
        if matches!(
            kind,
            SiteKind::TypeRef | SiteKind::TraitRef | SiteKind::Mention { .. }
        ) && (segments[0] == "Self" || self.generics.contains(&segments[0]))
        {
            return;
        }
        let start = path
            .segments
            .first()
            .map(|s| s.ident.span().start())
            .unwrap_or_else(|| proc_macro2::Span::call_site().start());
        self.sites.push(Site {
            kind,
            path: segments,
            qself_trait,
            receiver: None,
            args: 0,
            line: start.line as u32,
            col: start.column as u32 + 1,
        });
    }

    /// A path written in a body: the type it may name, and the types its
    /// generic arguments name (`Vec::<Foo>::new()`, `size_of::<Foo>()`).
    fn mention(&mut self, path: &syn::Path, value: bool) {
        self.path_generic_args(path);
        if self.is_local(path) || !may_name_a_type(path) {
            return;
        }
        self.push(SiteKind::Mention { value }, path, None);
    }

    fn is_local(&self, path: &syn::Path) -> bool {
        path.segments.len() == 1
            && path.leading_colon.is_none()
            && self
                .locals
                .contains_key(&path.segments[0].ident.to_string())
    }

    fn guess_expr(&self, expr: &Expr) -> Option<TypeGuess> {
        match expr {
            Expr::Path(path) if path.qself.is_none() => {
                let segments = segments(&path.path);
                if segments.len() == 1 {
                    if let Some(known) = self.locals.get(&segments[0]) {
                        return known.clone();
                    }
                    if segments[0] == "self" {
                        return Some(TypeGuess::Path(vec!["Self".to_string()]));
                    }
                }
                Some(TypeGuess::ValueOf(segments))
            }
            Expr::Try(tried) => self
                .guess_expr(&tried.expr)
                .map(|inner| TypeGuess::Unwrapped(Box::new(inner))),
            Expr::Call(call) => match &*call.func {
                Expr::Path(path) if path.qself.is_none() => {
                    let callee = segments(&path.path);
                    // `mem::take(&mut self.buf)`, `mem::replace(&mut s, v)`,
                    // `ptr::read(p)`: a value of what the first argument
                    // points to.
                    if moves_out_of_place(&callee) {
                        return match call.args.first()? {
                            Expr::Reference(place) => self.guess_expr(&place.expr),
                            pointer => self
                                .guess_expr(pointer)
                                .map(|pointer| TypeGuess::Deref(Box::new(pointer))),
                        };
                    }
                    // `Pin::new(&mut self.io)`, `Box::new(x)`: a pointer
                    // to what the argument is.
                    let pointer = pointer_constructor(&callee)
                        .filter(|_| call.args.len() == 1)
                        .and_then(|pointer| Some((pointer, self.guess_expr(&call.args[0])?)));
                    let held =
                        (matches!(callee.as_slice(), [.., last] if last == "Some" || last == "Ok")
                            || wraps_its_argument(&callee))
                        .then(|| call.args.first())
                        .flatten()
                        .filter(|_| call.args.len() == 1)
                        .and_then(|value| self.guess_expr(value));
                    match (pointer, held) {
                        (Some((pointer, pointee)), _) => {
                            Some(TypeGuess::Behind(pointer, Box::new(pointee)))
                        }
                        (None, Some(held)) => Some(TypeGuess::Holds(callee, Box::new(held))),
                        (None, None) => Some(TypeGuess::ReturnOf(callee)),
                    }
                }
                _ => None,
            },
            Expr::Struct(literal) if literal.qself.is_none() => {
                Some(TypeGuess::Path(segments(&literal.path)))
            }
            Expr::MethodCall(call) if turbofish_type(call).is_some() => {
                let ty = turbofish_type(call)?;
                if call.method == "parse" {
                    // `s.parse::<T>()` is a `Result<T, _>`.
                    let result = ["core", "result", "Result"].map(str::to_string).to_vec();
                    Some(match type_path(ty) {
                        Some(inner) => TypeGuess::Wrapper(result, inner),
                        None => TypeGuess::Path(result),
                    })
                } else {
                    self.declared_guess(ty)
                }
            }
            Expr::MethodCall(call) => self.guess_expr(&call.receiver).map(|receiver| {
                let method = call.method.to_string();
                // `self.as_ref()` in `impl<S: Subscriber + ?Sized> Subscriber
                // for Box<S>`: the pointee, as `**self` is.
                if let Some(pointee) = &self.self_pointee {
                    if is_self_value(&receiver)
                        && call.args.is_empty()
                        && POINTEE_BORROWS.contains(&method.as_str())
                    {
                        return pointee.clone();
                    }
                }
                // `path.as_ref()` with `path: impl AsRef<Path>` is a `&Path`.
                if let TypeGuess::Converts(_, conversions) = &receiver {
                    let converted = conversions
                        .iter()
                        .find(|(by, _)| *by == method && call.args.is_empty());
                    if let Some((_, target)) = converted {
                        return TypeGuess::Path(target.clone());
                    }
                }
                if UNWRAPPING_METHODS.contains(&method.as_str()) {
                    TypeGuess::Unwrapped(Box::new(receiver))
                } else if matches!(method.as_str(), "unwrap_err" | "expect_err") {
                    TypeGuess::ErrorOf(Box::new(receiver))
                } else {
                    TypeGuess::MethodReturn(Box::new(receiver), method)
                }
            }),
            Expr::Field(field) => {
                let name = match &field.member {
                    syn::Member::Named(ident) => ident.to_string(),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                self.guess_expr(&field.base)
                    .map(|base| TypeGuess::FieldOf(Box::new(base), name))
            }
            Expr::Reference(reference) => self.guess_expr(&reference.expr),
            Expr::Unary(unary) => match unary.op {
                syn::UnOp::Deref(_) => {
                    let pointer = self.guess_expr(&unary.expr)?;
                    match &self.self_pointee {
                        Some(pointee) if is_self_value(&pointer) => Some(pointee.clone()),
                        _ => Some(TypeGuess::Deref(Box::new(pointer))),
                    }
                }
                _ => self
                    .guess_expr(&unary.expr)
                    .map(|operand| TypeGuess::Arithmetic(Box::new(operand), None)),
            },
            Expr::Binary(binary) => {
                use syn::BinOp::*;
                match binary.op {
                    Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) | And(_) | Or(_) => {
                        Some(TypeGuess::Path(vec!["bool".to_string()]))
                    }
                    Add(_) | Sub(_) | Mul(_) | Div(_) | Rem(_) | BitAnd(_) | BitOr(_)
                    | BitXor(_) | Shl(_) | Shr(_) => {
                        let left = self.guess_expr(&binary.left);
                        let right = self.guess_expr(&binary.right).map(Box::new);
                        match left {
                            Some(left) => Some(TypeGuess::Arithmetic(Box::new(left), right)),
                            None => right.map(|right| TypeGuess::Arithmetic(right, None)),
                        }
                    }
                    _ => None,
                }
            }
            // `v[i]` is an element; `v[a..b]` a part of `v`, which the
            // resolver types as std's `Index` impls do.
            Expr::Index(index) => self.guess_expr(&index.expr).map(|base| {
                if matches!(&*index.index, Expr::Range(_)) {
                    TypeGuess::MethodReturn(Box::new(base), RANGE_INDEX.to_string())
                } else {
                    TypeGuess::Unwrapped(Box::new(base))
                }
            }),
            Expr::Paren(paren) => self.guess_expr(&paren.expr),
            Expr::Group(group) => self.guess_expr(&group.expr),
            Expr::Await(awaited) => self
                .guess_expr(&awaited.base)
                .map(|future| TypeGuess::Awaited(Box::new(future))),
            Expr::Cast(cast) => type_guess(&cast.ty),
            Expr::Match(expr) => self.values.get(&address(expr)).cloned(),
            Expr::Block(expr) => self.values.get(&address(&expr.block)).cloned(),
            Expr::Unsafe(expr) => self.values.get(&address(&expr.block)).cloned(),
            Expr::If(expr) => self
                .values
                .get(&address(&expr.then_branch))
                .cloned()
                .or_else(|| match &expr.else_branch {
                    Some((_, otherwise)) => self.guess_expr(otherwise),
                    None => None,
                }),
            // Macros whose value's type is fixed by the language.
            Expr::Macro(mac) => match mac
                .mac
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .as_deref()
            {
                Some("vec") => Some(TypeGuess::Path(vec!["Vec".to_string()])),
                Some("format") => Some(TypeGuess::Path(vec!["String".to_string()])),
                // `ready!(poll)` is the `T` of a `Poll<T>` (or returns).
                Some("ready") => mac
                    .mac
                    .parse_body::<Expr>()
                    .ok()
                    .and_then(|poll| self.guess_expr(&poll))
                    .map(|poll| TypeGuess::Unwrapped(Box::new(poll))),
                _ => None,
            },
            Expr::Tuple(tuple) if !tuple.elems.is_empty() => Some(TypeGuess::Tuple(
                tuple
                    .elems
                    .iter()
                    .map(|elem| self.guess_expr(elem))
                    .collect(),
            )),
            // `a..b`: std's `Range` (an iterator for integers), and its
            // kin by which ends are written.
            Expr::Range(range) => {
                let closed = matches!(range.limits, syn::RangeLimits::Closed(_));
                let name = match (&range.start, &range.end, closed) {
                    (Some(_), Some(_), false) => "Range",
                    (Some(_), Some(_), true) => "RangeInclusive",
                    (Some(_), None, _) => "RangeFrom",
                    (None, Some(_), false) => "RangeTo",
                    (None, Some(_), true) => "RangeToInclusive",
                    (None, None, _) => "RangeFull",
                };
                Some(TypeGuess::Path(
                    ["core", "ops", name].map(str::to_string).to_vec(),
                ))
            }
            // `[a, b]`, `[x; n]`: an array of what is unknown here.
            Expr::Array(_) | Expr::Repeat(_) => Some(TypeGuess::Elements(Vec::new())),
            Expr::Lit(literal) => match &literal.lit {
                syn::Lit::Str(_) => Some(TypeGuess::Path(vec!["str".to_string()])),
                syn::Lit::Char(_) => Some(TypeGuess::Path(vec!["char".to_string()])),
                syn::Lit::Bool(_) => Some(TypeGuess::Path(vec!["bool".to_string()])),
                // `0usize`, `1.5f32`: the suffix is the type.
                syn::Lit::Int(int) if !int.suffix().is_empty() => {
                    Some(TypeGuess::Path(vec![int.suffix().to_string()]))
                }
                syn::Lit::Float(float) if !float.suffix().is_empty() => {
                    Some(TypeGuess::Path(vec![float.suffix().to_string()]))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn function_values<'a>(&mut self, args: impl IntoIterator<Item = &'a Expr>) {
        for arg in args {
            if let Expr::Path(path) = arg {
                if path.qself.is_none() && !self.is_local(&path.path) {
                    self.push(SiteKind::FnValue, &path.path, None);
                }
            }
        }
    }

    /// Arguments of `println!`, `assert_eq!`, `vec![…]` and friends are
    /// expressions; reading them keeps calls made inside macros visible.
    /// Other macros' arguments (`for_both!(self, inner => inner.fill())`,
    /// `select! { v = rx.recv() => handle(v) }`) are read piece by piece:
    /// the runs of tokens between top-level `,`, `;` and `=>` that parse
    /// as expressions.
    fn macro_arguments(&mut self, mac: &syn::Macro) {
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let arguments = mac
            .parse_body_with(parser)
            .unwrap_or_else(|_| expression_pieces(mac.tokens.clone()));
        for argument in &arguments {
            self.visit_expr(argument);
        }
        if !arguments.is_empty() {
            self.parsed_arguments.push(arguments);
        }
    }
}

/// The pieces of a macro's tokens between top-level `,`, `;` and `=>`
/// that parse as expressions (those that do not, patterns with guards or a
/// DSL's words, are skipped).
fn expression_pieces(tokens: proc_macro2::TokenStream) -> Punctuated<Expr, syn::Token![,]> {
    use proc_macro2::{Spacing, TokenTree};
    let mut pieces = Punctuated::new();
    let mut piece = proc_macro2::TokenStream::new();
    let mut finish = |piece: &mut proc_macro2::TokenStream| {
        let tokens = std::mem::take(piece);
        if tokens.is_empty() {
            return;
        }
        if let Ok(expr) = syn::parse2::<Expr>(tokens) {
            pieces.push(expr);
        }
    };
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if let TokenTree::Punct(punct) = &token {
            match punct.as_char() {
                ',' | ';' => {
                    finish(&mut piece);
                    continue;
                }
                '=' if punct.spacing() == Spacing::Joint => {
                    if let Some(TokenTree::Punct(next)) = tokens.peek() {
                        if next.as_char() == '>' {
                            tokens.next();
                            finish(&mut piece);
                            continue;
                        }
                    }
                }
                _ => {}
            }
        }
        piece.extend(std::iter::once(token));
    }
    finish(&mut piece);
    pieces
}

impl<'ast> Visit<'ast> for SiteCollector<'_> {
    fn visit_item(&mut self, _item: &'ast syn::Item) {
        // Nested items are owners of their own.
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(path) = &*call.func {
            if !self.is_local(&path.path) {
                let qself_trait = path.qself.as_ref().and_then(|qself| {
                    // `<T as Trait>::f`: the trait is the first `position` segments.
                    (qself.position > 0).then(|| {
                        path.path
                            .segments
                            .iter()
                            .take(qself.position)
                            .map(|s| s.ident.to_string())
                            .collect::<Vec<_>>()
                    })
                });
                let before = self.sites.len();
                self.push(SiteKind::Call, &path.path, qself_trait);
                // `Str::from("x")` among several `impl From<_> for Str`:
                // the argument's type picks the impl; `Display::fmt(t, f)`
                // calls the `Display` impl of what `t` is.
                let converts = path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "from" || last.ident == "try_from");
                if (converts || names_a_trait_or_type_member(&path.path))
                    && !call.args.is_empty()
                    && self.sites.len() > before
                {
                    let argument = self.guess_expr(&call.args[0]);
                    if let Some(site) = self.sites.last_mut() {
                        site.receiver = argument;
                    }
                }
                self.mention(&path.path, true);
            }
            if let Some(qself) = &path.qself {
                self.visit_type(&qself.ty);
            }
        } else {
            self.visit_expr(&call.func);
        }
        self.function_values(&call.args);
        let callee = match &*call.func {
            Expr::Path(path) if path.qself.is_none() && !self.is_local(&path.path) => {
                Some(TypeGuess::ReturnOf(segments(&path.path)))
            }
            _ => None,
        };
        for (position, arg) in call.args.iter().enumerate() {
            if let (Some(callee), true) = (&callee, is_closure(arg)) {
                let position = u16::try_from(position).unwrap_or(u16::MAX);
                self.closure_callee = Some((callee.clone(), position));
            }
            self.visit_expr(arg);
            self.closure_callee = None;
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let start = call.method.span().start();
        let method = call.method.to_string();
        let gets_error = CLOSURES_GET_THE_ERROR.contains(&method.as_str());
        let element_params =
            closure_element_params(&method).or_else(|| gets_error.then_some(ElementParams::First));
        let takes_element = element_params.is_some();
        // The site keeps its place before the receiver's sites; its
        // receiver is guessed once the receiver has been visited, when a
        // block or `match` receiver's value is known.
        let site_at = self.sites.len();
        self.sites.push(Site {
            kind: SiteKind::MethodCall,
            path: vec![method],
            qself_trait: None,
            receiver: None,
            args: u16::try_from(call.args.len()).unwrap_or(u16::MAX),
            line: start.line as u32,
            col: start.column as u32 + 1,
        });
        self.visit_expr(&call.receiver);
        let receiver = self.guess_expr(&call.receiver);
        let element = takes_element
            .then(|| receiver.clone())
            .flatten()
            .map(|receiver| {
                if gets_error {
                    TypeGuess::ErrorOf(Box::new(receiver))
                } else {
                    TypeGuess::Unwrapped(Box::new(receiver))
                }
            });
        self.sites[site_at].receiver = receiver;
        if let Some(turbofish) = &call.turbofish {
            self.visit_angle_bracketed_generic_arguments(turbofish);
        }
        self.function_values(&call.args);
        // The accumulator has the type of the initial value.
        let accumulator = match element_params {
            Some(ElementParams::Second) => call.args.first().and_then(|init| self.guess_expr(init)),
            _ => None,
        };
        // A closure handed to a method of the crates' own: its declaration
        // types the closure's parameters (the receiver is input 0).
        let callee = match (&element_params, &self.sites[site_at].receiver) {
            (None, Some(receiver)) => Some(TypeGuess::MethodReturn(
                Box::new(receiver.clone()),
                self.sites[site_at].path[0].clone(),
            )),
            _ => None,
        };
        for (position, arg) in call.args.iter().enumerate() {
            if matches!(arg, Expr::Closure(_)) {
                self.closure_element = element.clone();
                self.closure_element_params = element_params.unwrap_or(ElementParams::First);
                self.closure_accumulator = accumulator.clone();
            }
            if let (Some(callee), true) = (&callee, is_closure(arg)) {
                let input = u16::try_from(position + 1).unwrap_or(u16::MAX);
                self.closure_callee = Some((callee.clone(), input));
            }
            self.visit_expr(arg);
            self.closure_element = None;
            self.closure_accumulator = None;
            self.closure_callee = None;
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.visit_pat(&local.pat);
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let guess = match &local.pat {
            Pat::Type(typed) => self.declared_guess(&typed.ty),
            _ => local
                .init
                .as_ref()
                .and_then(|init| self.guess_expr(&init.expr)),
        };
        bind_pattern(&local.pat, guess, &mut self.locals);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let scope = self.locals.mark();
        syn::visit::visit_block(self, block);
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
            if let Some(value) = self.guess_expr(tail) {
                self.values.insert(address(block), value);
            }
        }
        self.locals.restore(scope);
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        self.visit_expr(&expr.expr);
        let scrutinee = self.guess_expr(&expr.expr);
        for arm in &expr.arms {
            let scope = self.locals.mark();
            self.visit_pat(&arm.pat);
            bind_pattern(&arm.pat, scrutinee.clone(), &mut self.locals);
            if let Some((_, guard)) = &arm.guard {
                self.visit_expr(guard);
            }
            self.visit_expr(&arm.body);
            // The first arm with a known value decides; arms that diverge
            // (`return`, `panic!`) have none.
            if !self.values.contains_key(&address(expr)) {
                if let Some(value) = self.guess_expr(&arm.body) {
                    self.values.insert(address(expr), value);
                }
            }
            self.locals.restore(scope);
        }
    }

    /// `if let` binds for the `then` branch only.
    fn visit_expr_if(&mut self, expr: &'ast syn::ExprIf) {
        let scope = self.locals.mark();
        self.visit_expr(&expr.cond);
        self.visit_block(&expr.then_branch);
        self.locals.restore(scope);
        if let Some((_, otherwise)) = &expr.else_branch {
            self.visit_expr(otherwise);
        }
    }

    /// `while let` binds for the body only.
    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        let scope = self.locals.mark();
        self.visit_expr(&expr.cond);
        self.visit_block(&expr.body);
        self.locals.restore(scope);
    }

    fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
        self.visit_expr(&expr.expr);
        let scrutinee = self.guess_expr(&expr.expr);
        self.visit_pat(&expr.pat);
        bind_pattern(&expr.pat, scrutinee, &mut self.locals);
    }

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.visit_expr(&expr.expr);
        let element = self
            .guess_expr(&expr.expr)
            .map(|collection| TypeGuess::Unwrapped(Box::new(collection)));
        let scope = self.locals.mark();
        self.visit_pat(&expr.pat);
        bind_pattern(&expr.pat, element, &mut self.locals);
        self.visit_block(&expr.body);
        self.locals.restore(scope);
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        // The element an iterator or `Option` adapter hands its closure
        // (`items.iter().map(|item| …)`), for the first parameter.
        let element = self.closure_element.take();
        let mut accumulator = self.closure_accumulator.take();
        let callee = self.closure_callee.take();
        let takes = self.closure_element_params;
        let scope = self.locals.mark();
        for (position, input) in closure.inputs.iter().enumerate() {
            self.visit_pat(input);
            let guess = match input {
                // `move |i: Input| ..` in a fn bounding `Input`: the bounds.
                Pat::Type(typed) => self.declared_guess(&typed.ty),
                _ if takes.includes(position) && element.is_some() => element.clone(),
                _ if position == 0 && accumulator.is_some() => accumulator.take(),
                _ => callee.as_ref().map(|(callee, argument)| {
                    let position = u16::try_from(position).unwrap_or(u16::MAX);
                    TypeGuess::ClosureInput(Box::new(callee.clone()), *argument, position)
                }),
            };
            bind_pattern(input, guess, &mut self.locals);
        }
        self.visit_expr(&closure.body);
        self.locals.restore(scope);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.push(SiteKind::MacroCall, &mac.path, None);
        self.macro_arguments(mac);
    }

    fn visit_type_path(&mut self, type_path: &'ast syn::TypePath) {
        if type_path.qself.is_none() {
            self.push(SiteKind::TypeRef, &type_path.path, None);
        }
        // Generic arguments name types too (`Vec<Span>`).
        for segment in &type_path.path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
        if let Some(qself) = &type_path.qself {
            self.visit_type(&qself.ty);
            // `<S as Tr>::Out` names the trait too.
            if qself.position > 0 {
                let trait_path = syn::Path {
                    leading_colon: type_path.path.leading_colon,
                    segments: type_path
                        .path
                        .segments
                        .iter()
                        .take(qself.position)
                        .cloned()
                        .collect(),
                };
                self.push(SiteKind::TraitRef, &trait_path, None);
            }
        }
    }

    fn visit_trait_bound(&mut self, bound: &'ast syn::TraitBound) {
        self.push(SiteKind::TraitRef, &bound.path, None);
        for segment in &bound.path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        // Bare paths in expressions are values (consts, statics, unit
        // structs, locals); function values are taken where passed. What
        // they name a type by is a mention (`Foo::CONST`, `Ordering::Less`).
        self.mention(&path.path, true);
        if let Some(qself) = &path.qself {
            self.visit_type(&qself.ty);
        }
    }

    fn visit_expr_struct(&mut self, expr: &'ast syn::ExprStruct) {
        self.mention(&expr.path, false);
        for field in &expr.fields {
            self.visit_expr(&field.expr);
        }
        if let Some(rest) = &expr.rest {
            self.visit_expr(rest);
        }
    }

    /// Patterns bind (see [`bind_pattern`]) and name types: `Foo { x, ..
    /// }`, `E::A(_)`, `E::B`, `x: Foo` in a closure's inputs.
    fn visit_pat(&mut self, pat: &'ast Pat) {
        match pat {
            Pat::TupleStruct(tuple) => {
                self.mention(&tuple.path, true);
                for element in &tuple.elems {
                    self.visit_pat(element);
                }
            }
            Pat::Struct(fields) => {
                self.mention(&fields.path, false);
                for field in &fields.fields {
                    self.visit_pat(&field.pat);
                }
            }
            Pat::Path(path) => self.mention(&path.path, true),
            Pat::Type(typed) => {
                self.visit_pat(&typed.pat);
                self.visit_type(&typed.ty);
            }
            Pat::Ident(ident) => {
                if let Some((_, sub)) = &ident.subpat {
                    self.visit_pat(sub);
                }
            }
            Pat::Or(or) => or.cases.iter().for_each(|case| self.visit_pat(case)),
            Pat::Paren(inner) => self.visit_pat(&inner.pat),
            Pat::Reference(reference) => self.visit_pat(&reference.pat),
            Pat::Slice(slice) => slice.elems.iter().for_each(|e| self.visit_pat(e)),
            Pat::Tuple(tuple) => tuple.elems.iter().for_each(|e| self.visit_pat(e)),
            _ => {}
        }
    }
}

/// Where a syntax node lives: its identity while the tree is borrowed.
/// Whether a guess is `self` itself (the `Self` path).
/// The type a turbofish names where it is the call's result, or holds it:
/// `collect::<Vec<_>>()`, `sum::<u64>()`, `product::<T>()`, `parse::<T>()`.
fn turbofish_type(call: &syn::ExprMethodCall) -> Option<&Type> {
    if !matches!(
        call.method.to_string().as_str(),
        "collect" | "sum" | "product" | "parse"
    ) {
        return None;
    }
    let turbofish = call.turbofish.as_ref()?;
    match turbofish.args.first()? {
        GenericArgument::Type(ty) if turbofish.args.len() == 1 => Some(ty),
        _ => None,
    }
}

/// Whether the std fn at `callee` returns the value its first argument
/// points to: `mem::take`/`replace`, `ptr::read` and kin. The module must
/// be written (`mem::take(..)`), as a bare `take(..)` may be anyone's.
fn moves_out_of_place(callee: &[String]) -> bool {
    let [.., module, name] = callee else {
        return false;
    };
    match module.as_str() {
        "mem" => matches!(name.as_str(), "take" | "replace"),
        "ptr" => matches!(
            name.as_str(),
            "read" | "read_volatile" | "read_unaligned" | "replace"
        ),
        _ => false,
    }
}

/// Methods of a reference or smart pointer that give its pointee.
const POINTEE_BORROWS: &[&str] = &[
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "deref",
    "deref_mut",
];

fn is_self_value(guess: &TypeGuess) -> bool {
    matches!(guess, TypeGuess::Path(path) if path.len() == 1 && path[0] == "Self")
}

fn address<T>(node: &T) -> usize {
    node as *const T as usize
}

/// Local bindings in scope. Each binding is logged with what the name meant
/// before, so a block, match arm, loop body, `if let` branch or closure
/// takes its bindings with it when it ends (`let x = A; { let x = B; }
/// x.f()` calls `A`'s `f`).
#[derive(Default)]
struct Locals {
    bound: HashMap<String, Option<TypeGuess>>,
    undo: Vec<(String, Option<Option<TypeGuess>>)>,
}

impl Locals {
    fn insert(&mut self, name: String, guess: Option<TypeGuess>) {
        let before = self.bound.insert(name.clone(), guess);
        self.undo.push((name, before));
    }

    fn get(&self, name: &str) -> Option<&Option<TypeGuess>> {
        self.bound.get(name)
    }

    fn contains_key(&self, name: &str) -> bool {
        self.bound.contains_key(name)
    }

    /// Where a scope starts.
    fn mark(&self) -> usize {
        self.undo.len()
    }

    /// Ends the scope that started at `mark`.
    fn restore(&mut self, mark: usize) {
        while self.undo.len() > mark {
            let Some((name, before)) = self.undo.pop() else {
                break;
            };
            match before {
                Some(guess) => self.bound.insert(name, guess),
                None => self.bound.remove(&name),
            };
        }
    }
}

/// Binds the names a pattern introduces for a value of type `guess`. A
/// plain `x` gets the guess; `Some(x)` and `Ok(x)` get what unwrapping it
/// gives; the bindings inside other tuple-struct and struct patterns get
/// their field's type (the pattern's path names it).
fn bind_pattern(pat: &Pat, guess: Option<TypeGuess>, locals: &mut Locals) {
    match pat {
        Pat::Ident(ident) => {
            locals.insert(ident.ident.to_string(), guess);
            if let Some((_, sub)) = &ident.subpat {
                bind_pattern(sub, None, locals);
            }
        }
        Pat::Type(typed) => bind_pattern(&typed.pat, guess, locals),
        Pat::Reference(reference) => bind_pattern(&reference.pat, guess, locals),
        Pat::Paren(paren) => bind_pattern(&paren.pat, guess, locals),
        Pat::Tuple(tuple) => {
            // After a `..` the positions of the elements are unknown.
            let mut positions_known = true;
            for (position, element) in tuple.elems.iter().enumerate() {
                positions_known &= !matches!(element, Pat::Rest(_));
                let element_guess = match &guess {
                    _ if !positions_known => None,
                    Some(TypeGuess::Tuple(elements)) => elements.get(position).cloned().flatten(),
                    Some(tuple) => Some(TypeGuess::TupleElement(
                        Box::new(tuple.clone()),
                        u16::try_from(position).unwrap_or(u16::MAX),
                    )),
                    None => None,
                };
                bind_pattern(element, element_guess, locals);
            }
        }
        Pat::TupleStruct(tuple) if tuple.elems.len() == 1 && holds_one_value(&tuple.path) => {
            let unwrapped = guess.map(|guess| TypeGuess::Unwrapped(Box::new(guess)));
            bind_pattern(&tuple.elems[0], unwrapped, locals);
        }
        Pat::TupleStruct(tuple)
            if tuple.elems.len() == 1 && last_segment(&tuple.path).as_deref() == Some("Err") =>
        {
            let error = guess.map(|guess| TypeGuess::ErrorOf(Box::new(guess)));
            bind_pattern(&tuple.elems[0], error, locals);
        }
        Pat::TupleStruct(tuple) => {
            let path = tuple.qself.is_none().then(|| segments(&tuple.path));
            // After a `..` the positions of the elements are unknown.
            let mut positions_known = true;
            for (position, element) in tuple.elems.iter().enumerate() {
                positions_known &= !matches!(element, Pat::Rest(_));
                let field = path
                    .as_ref()
                    .filter(|_| positions_known)
                    .map(|path| TypeGuess::PatternField(path.clone(), position.to_string()));
                bind_pattern(element, field, locals);
            }
        }
        Pat::Struct(structure) => {
            let path = structure.qself.is_none().then(|| segments(&structure.path));
            for field in &structure.fields {
                let name = match &field.member {
                    syn::Member::Named(ident) => super::items::ident_name(ident),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                let guess = path
                    .as_ref()
                    .map(|path| TypeGuess::PatternField(path.clone(), name));
                bind_pattern(&field.pat, guess, locals);
            }
        }
        Pat::Slice(slice) => {
            for element in &slice.elems {
                bind_pattern(element, None, locals);
            }
        }
        Pat::Or(or) => {
            for case in &or.cases {
                bind_pattern(case, None, locals);
            }
        }
        _ => {}
    }
}

/// Trait paths of a bound list, without lifetimes and the marker traits
/// every type may carry (`Send`, `Sync`, `Sized`, `Unpin`, `Copy`): they
/// have no methods a call could mean.
pub fn bound_paths<'a>(
    bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>,
) -> Vec<Vec<String>> {
    bounds
        .into_iter()
        .filter_map(|bound| match bound {
            syn::TypeParamBound::Trait(bound) => Some(segments(&bound.path)),
            _ => None,
        })
        .filter(|path| {
            !matches!(
                path.last().map(String::as_str),
                Some("Send" | "Sync" | "Sized" | "Unpin" | "Copy")
            )
        })
        .collect()
}

/// What the conversion traits among `bounds` give, by method: `AsRef<Path>`
/// → `("as_ref", Path)`, also `AsMut`, `Borrow`, `BorrowMut` and `Into`.
fn conversion_targets<'a>(
    bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>,
) -> Vec<(&'static str, Vec<String>)> {
    const CONVERSIONS: &[(&str, &str)] = &[
        ("AsRef", "as_ref"),
        ("AsMut", "as_mut"),
        ("Borrow", "borrow"),
        ("BorrowMut", "borrow_mut"),
        ("Into", "into"),
    ];
    bounds
        .into_iter()
        .filter_map(|bound| {
            let syn::TypeParamBound::Trait(bound) = bound else {
                return None;
            };
            let last = bound.path.segments.last()?;
            let (_, method) = CONVERSIONS
                .iter()
                .find(|(conversion, _)| last.ident == conversion)?;
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            let target = value_type_path(first_type_argument(args)?)?;
            Some((*method, target))
        })
        .collect()
}

/// A guess with what its conversion bounds give, if any.
fn converting(guess: TypeGuess, conversions: Vec<(&'static str, Vec<String>)>) -> TypeGuess {
    if conversions.is_empty() {
        guess
    } else {
        TypeGuess::Converts(Box::new(guess), conversions)
    }
}

/// Methods of `Option` and `Result` that give the `T` inside.
const UNWRAPPING_METHODS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "unwrap_unchecked",
];

/// Adapters of iterators, `Option` and `Result` whose closure's first
/// parameter is an element (the `T`).
/// Which parameters of an adapter's closure are the elements it walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ElementParams {
    /// `map(|x| ..)`.
    First,
    /// `fold(init, |acc, x| ..)`: the first is the accumulator.
    Second,
    /// `sort_by(|a, b| ..)`, `reduce(|a, b| ..)`: two elements.
    FirstTwo,
}

impl ElementParams {
    fn includes(self, position: usize) -> bool {
        match self {
            ElementParams::First => position == 0,
            ElementParams::Second => position == 1,
            ElementParams::FirstTwo => position < 2,
        }
    }
}

/// Where the element goes in the closure a method of std's adapters,
/// `Option`, `Result` or collections takes; `None` for other methods.
fn closure_element_params(method: &str) -> Option<ElementParams> {
    if CLOSURES_GET_AN_ELEMENT.contains(&method) {
        Some(ElementParams::First)
    } else if matches!(method, "fold" | "try_fold" | "rfold" | "try_rfold") {
        Some(ElementParams::Second)
    } else if matches!(
        method,
        "sort_by" | "sort_unstable_by" | "max_by" | "min_by" | "reduce" | "dedup_by"
    ) {
        Some(ElementParams::FirstTwo)
    } else {
        None
    }
}

/// Methods of `Result` whose closure gets the error, the `E`
/// (`Option`'s `or_else` and `unwrap_or_else` take no parameter).
const CLOSURES_GET_THE_ERROR: &[&str] = &["inspect_err", "map_err", "or_else", "unwrap_or_else"];

const CLOSURES_GET_AN_ELEMENT: &[&str] = &[
    "map",
    "for_each",
    "filter",
    "filter_map",
    "flat_map",
    "find",
    "find_map",
    "any",
    "all",
    "position",
    "inspect",
    "take_while",
    "skip_while",
    "map_while",
    "and_then",
    "is_some_and",
    "is_ok_and",
    "max_by_key",
    "min_by_key",
    "sort_by_key",
    "sort_unstable_by_key",
    "retain",
    "retain_mut",
    "rfind",
    "rposition",
    "partition",
    "map_or",
    "map_or_else",
];

/// Whether a one-element tuple-struct pattern's path is std's variant
/// holding the `T` of its type: `Some(x)`, `Ok(x)`, `Poll::Ready(x)`.
fn holds_one_value(path: &syn::Path) -> bool {
    let mut names = path.segments.iter().rev().map(|s| s.ident.to_string());
    matches!(
        (names.next().as_deref(), names.next().as_deref()),
        (Some("Some" | "Ok"), _) | (Some("Ready"), None | Some("Poll"))
    )
}

fn last_segment(path: &syn::Path) -> Option<String> {
    path.segments
        .last()
        .map(|segment| segment.ident.to_string())
}

/// A written type as the resolver keeps it: the path of the nameable type
/// and, for `Option<T>` and `Result<T, E>`, the path of `T`.
#[derive(Clone)]
pub struct WrittenType {
    pub path: Option<Vec<String>>,
    pub unwrapped: Option<Vec<String>>,
    /// What the held value holds: the `T` of `Option<Vec<T>>`.
    pub unwrapped_twice: Option<Vec<String>>,
    /// For a tuple type (`(usize, Option<usize>)`): each element's.
    pub tuple: Option<Vec<TupleElementType>>,
    /// The smart pointer the type is (`Arc<Shared>` → `Arc`).
    pub smart_pointer: Option<&'static str>,
    /// The written type arguments of the nameable type (see
    /// [`type_arguments`]).
    pub type_args: TypeArguments,
    /// Which type parameter of its owner the type is (see
    /// [`WrittenType::of_owner`]).
    pub owner_param: Option<u16>,
    /// Which type parameter of its owner the held `T` is (`Option<&T>`).
    pub unwrapped_owner_param: Option<u16>,
}

impl WrittenType {
    /// What an associated type declared with bounds (`type Iter:
    /// ParallelIterator<Item = T>;`) is known by: its first trait bound,
    /// as an `impl Trait` return is.
    /// Its `Item` (`type Edges: Iterator<Item = Self::EdgeRef>`) is what
    /// it holds, as for `impl Iterator<Item = T>`.
    pub fn of_bounds<'a>(
        bounds: impl IntoIterator<Item = &'a syn::TypeParamBound> + Clone,
    ) -> Option<WrittenType> {
        let path = bound_paths(bounds.clone()).into_iter().next()?;
        Some(WrittenType {
            path: Some(path),
            unwrapped: bounded_item(bounds).and_then(type_path),
            unwrapped_twice: None,
            tuple: None,
            smart_pointer: None,
            type_args: TypeArguments::default(),
            owner_param: None,
            unwrapped_owner_param: None,
        })
    }

    /// A type alias's target that is one of the alias's own parameters, by
    /// position (`type NodeIndex<Ix = DefaultIx> = Ix;`): what a value
    /// written `NodeIndex<Ix>` is, is its argument.
    pub fn of_alias(mut self, ty: &Type, params: &[String]) -> WrittenType {
        self.owner_param = parameter_position(ty, params);
        self
    }

    /// Notes which of the owner's type parameters `ty` is, by position:
    /// `type Target = E` in `impl<E> Deref for PollEvented<E>` is the
    /// first argument of the self type, `inner: T` in `struct Cell<T>`
    /// the first parameter. `params` are the owner's parameters in order
    /// (`""` where an argument is no parameter).
    /// Its type arguments that are such parameters are marked too (see
    /// [`owner_parameter_argument`]): `-> Iter<T>` in `impl<T, P>
    /// Punctuated<T, P>` iterates what the receiver's `T` was written as.
    pub fn of_owner(mut self, ty: &Type, params: &[String]) -> WrittenType {
        self.owner_param = parameter_position(ty, params);
        self.unwrapped_owner_param =
            held_type(ty).and_then(|held| parameter_position(held, params));
        for argument in self.type_args.iter_mut().flatten() {
            let position = match argument.as_slice() {
                [name] => params.iter().position(|param| param == name),
                _ => None,
            };
            if let Some(position) = position.and_then(|at| u16::try_from(at).ok()) {
                *argument = vec![OWNER_PARAMETER.to_string(), position.to_string()];
            }
        }
        self
    }
}

/// The first segment of a type argument that is its owner's type
/// parameter, by position (`$` starts no Rust path).
const OWNER_PARAMETER: &str = "$owner_parameter";

/// Which of its owner's type parameters a written type argument is, when
/// [`WrittenType::of_owner`] marked it so.
pub fn owner_parameter_argument(argument: &[String]) -> Option<u16> {
    match argument {
        [mark, position] if mark == OWNER_PARAMETER => position.parse().ok(),
        _ => None,
    }
}

/// One element of a written tuple type: its path and what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TupleElementType {
    pub path: Option<Vec<String>>,
    pub unwrapped: Option<Vec<String>>,
}

/// The elements of a written tuple type, behind references and parentheses;
/// for a type holding tuples (`Vec<(Str, bool)>`, `Option<(K, V)>`), the
/// held tuple's. Code that compiles never takes an element of the holder
/// itself nor unwraps a tuple, so one slot serves both.
fn tuple_elements(ty: &Type) -> Option<Vec<TupleElementType>> {
    own_tuple_elements(ty).or_else(|| held_type(ty).and_then(own_tuple_elements))
}

fn own_tuple_elements(ty: &Type) -> Option<Vec<TupleElementType>> {
    match ty {
        Type::Reference(reference) => own_tuple_elements(&reference.elem),
        Type::Paren(paren) => own_tuple_elements(&paren.elem),
        Type::Group(group) => own_tuple_elements(&group.elem),
        Type::Tuple(tuple) if !tuple.elems.is_empty() => Some(
            tuple
                .elems
                .iter()
                .map(|element| TupleElementType {
                    path: value_type_path(element),
                    unwrapped: unwrapped_path(element),
                })
                .collect(),
        ),
        _ => None,
    }
}

pub fn written_type(ty: &Type) -> Option<WrittenType> {
    let path = value_type_path(ty);
    let unwrapped = unwrapped_path(ty);
    let unwrapped_twice = twice_unwrapped_path(ty);
    let tuple = tuple_elements(ty);
    (path.is_some() || unwrapped.is_some() || tuple.is_some()).then_some(WrittenType {
        path,
        unwrapped,
        unwrapped_twice,
        tuple,
        smart_pointer: smart_pointer(ty),
        type_args: type_arguments(ty),
        owner_param: None,
        unwrapped_owner_param: None,
    })
}

/// Whether an argument is a closure, passed by value or by reference
/// (`&|w| w.wake()` for an `&dyn Fn(&Waker)`).
fn is_closure(arg: &Expr) -> bool {
    match arg {
        Expr::Closure(_) => true,
        Expr::Reference(reference) => is_closure(&reference.expr),
        Expr::Paren(paren) => is_closure(&paren.expr),
        _ => false,
    }
}

/// The written type of one parameter of a closure a fn takes (`&Cell<Budget>`
/// of `f: impl FnOnce(&Cell<Budget>) -> R`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClosureInputType {
    pub path: Option<Vec<String>>,
    /// The `T` it holds (`*mut T`, `&Option<T>`).
    pub unwrapped: Option<Vec<String>>,
    /// Which of the fn's owner's type parameters it is, and which the `T`
    /// it holds is (see [`WrittenType::of_owner`]): `*mut T` of
    /// `UnsafeCell<T>::with_mut`.
    pub owner_param: Option<u16>,
    pub unwrapped_owner_param: Option<u16>,
}

/// The closures a fn takes: the input's place (a receiver counted) and
/// the closure's parameters' written types.
pub type ClosureInputs = Vec<(u16, Vec<ClosureInputType>)>;

/// The closures a fn's signature takes: inputs typed `impl FnOnce(A) -> R`,
/// `&dyn Fn(A)`, `Box<dyn FnMut(A)>`, or a parameter `F` bounded `F:
/// Fn(A)` here or in `outer` (the impl's or trait's generics).
/// `owner_params` are the owner type's parameters by position.
pub fn closure_inputs(
    signature: &syn::Signature,
    outer: Option<&syn::Generics>,
    owner_params: &[String],
) -> ClosureInputs {
    let mut bounded: HashMap<String, Vec<Type>> = HashMap::default();
    for generics in [outer, Some(&signature.generics)].into_iter().flatten() {
        for param in generics.type_params() {
            if let Some(inputs) = fn_bound_inputs(&param.bounds) {
                bounded.insert(param.ident.to_string(), inputs);
            }
        }
        for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(predicate) = predicate {
                let name = type_path(&predicate.bounded_ty).filter(|path| path.len() == 1);
                if let (Some(mut name), Some(inputs)) = (name, fn_bound_inputs(&predicate.bounds)) {
                    bounded.insert(name.remove(0), inputs);
                }
            }
        }
    }
    let mut closures = Vec::new();
    for (position, input) in signature.inputs.iter().enumerate() {
        let syn::FnArg::Typed(typed) = input else {
            continue;
        };
        let Some(inputs) = closure_type_inputs(&typed.ty, &bounded) else {
            continue;
        };
        let types = inputs
            .iter()
            .map(|ty| ClosureInputType {
                path: value_type_path(ty),
                unwrapped: unwrapped_path(ty),
                owner_param: parameter_position(ty, owner_params),
                unwrapped_owner_param: held_type(ty)
                    .and_then(|held| parameter_position(held, owner_params)),
            })
            .collect();
        closures.push((u16::try_from(position).unwrap_or(u16::MAX), types));
    }
    closures
}

/// The parameter types of the `Fn`, `FnMut` or `FnOnce` among `bounds`.
fn fn_bound_inputs<'a>(
    bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>,
) -> Option<Vec<Type>> {
    bounds.into_iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if !(last.ident == "Fn" || last.ident == "FnMut" || last.ident == "FnOnce") {
            return None;
        }
        match &last.arguments {
            PathArguments::Parenthesized(args) => Some(args.inputs.iter().cloned().collect()),
            _ => None,
        }
    })
}

/// The parameter types of the closure a written input type takes: `impl
/// Fn(A)`, `dyn Fn(A)` behind references and std's pointers, or a
/// parameter bounded by one (`bounded`).
fn closure_type_inputs(ty: &Type, bounded: &HashMap<String, Vec<Type>>) -> Option<Vec<Type>> {
    match ty {
        Type::Reference(reference) => closure_type_inputs(&reference.elem, bounded),
        Type::Paren(paren) => closure_type_inputs(&paren.elem, bounded),
        Type::Group(group) => closure_type_inputs(&group.elem, bounded),
        Type::ImplTrait(bounds) => fn_bound_inputs(&bounds.bounds),
        Type::TraitObject(bounds) => fn_bound_inputs(&bounds.bounds),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            match &last.arguments {
                PathArguments::None if path.path.segments.len() == 1 => {
                    bounded.get(&last.ident.to_string()).cloned()
                }
                PathArguments::AngleBracketed(args) if is_transparent_wrapper(&path.path) => {
                    first_type_argument(args).and_then(|inner| closure_type_inputs(inner, bounded))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The written type arguments of the type a value of `ty` is (the one
/// [`value_type_path`] names), in order, lifetimes not counted:
/// `&PollEvented<mio::net::TcpStream>` → `[mio::net::TcpStream]`. An
/// argument with no path (a const) is `None`.
pub fn type_arguments(ty: &Type) -> TypeArguments {
    match ty {
        Type::Reference(reference) => type_arguments(&reference.elem),
        Type::Paren(paren) => type_arguments(&paren.elem),
        Type::Group(group) => type_arguments(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Vec::new();
            };
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return Vec::new();
            };
            if is_transparent_wrapper(&path.path) {
                if let Some(inner) = first_type_argument(args) {
                    return type_arguments(inner);
                }
            }
            args.args
                .iter()
                .filter_map(|arg| match arg {
                    GenericArgument::Type(arg) => Some(value_type_path(arg)),
                    GenericArgument::Const(_) => Some(None),
                    _ => None,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The type parameters an impl's self type takes, by position of its
/// written arguments: `PollEvented<E>` → `[E]`, `Wrapper<u8, T>` →
/// `["", T]` (lifetimes not counted).
pub fn self_type_parameters(self_ty: &Type, impl_generics: &[String]) -> Vec<String> {
    let Type::Path(path) = self_ty else {
        return Vec::new();
    };
    let Some(PathArguments::AngleBracketed(args)) =
        path.path.segments.last().map(|last| &last.arguments)
    else {
        return Vec::new();
    };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            GenericArgument::Type(arg) => Some(
                type_path(arg)
                    .filter(|path| path.len() == 1 && impl_generics.contains(&path[0]))
                    .map(|mut path| path.remove(0))
                    .unwrap_or_default(),
            ),
            GenericArgument::Const(_) => Some(String::new()),
            _ => None,
        })
        .collect()
}

/// The position among `params` of the parameter a written type is,
/// behind references and the smart pointers a value is seen through.
fn parameter_position(ty: &Type, params: &[String]) -> Option<u16> {
    let path = value_type_path(ty)?;
    let [name] = path.as_slice() else {
        return None;
    };
    let position = params.iter().position(|param| param == name)?;
    u16::try_from(position).ok()
}

pub fn written_return(output: &ReturnType) -> Option<WrittenType> {
    match output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => written_type(ty),
    }
}

/// Generic types whose first type argument is what they hold: what
/// unwrapping or iterating one gives (an alias named `Result` included:
/// `io::Result<T>`).
const HOLDERS: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "VecDeque",
    "LinkedList",
    "HashSet",
    "BTreeSet",
    "BinaryHeap",
    "IndexSet",
    "SmallVec",
    "Cell",
    "RefCell",
    "Mutex",
    "RwLock",
    "OnceCell",
    "OnceLock",
    "NonNull",
    "LocalKey",
    "UnsafeCell",
    "MaybeUninit",
    "ManuallyDrop",
    "Poll",
];

/// Whether a generic type's name says it is a `Result` alias renamed on
/// import or declared under its own name (`use crate::error::Result as
/// ClapResult;`, `type IoResult<T> = ..`, `PResult<'a, T>`), whose first
/// type argument is the `T` it holds.
fn is_result_alias_name(name: &str) -> bool {
    name.len() > "Result".len() && name.ends_with("Result")
}

/// The `T` a written `Option<T>`, `Result<T, E>`, `Vec<T>`, `[T]`,
/// `[T; N]`, `*const T` and the like holds, seen through references and
/// smart pointers (`Box<[T]>`, `Rc<Vec<T>>`).
fn held_type(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Reference(reference) => held_type(&reference.elem),
        Type::Paren(paren) => held_type(&paren.elem),
        Type::Group(group) => held_type(&group.elem),
        Type::Slice(slice) => Some(&slice.elem),
        Type::Array(array) => Some(&array.elem),
        Type::Ptr(pointer) => Some(&pointer.elem),
        Type::ImplTrait(_) | Type::TraitObject(_) => iterated_item(ty),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            if name == "Box" {
                if let Some(item) = first_type_argument(args).and_then(iterated_item) {
                    return Some(item);
                }
            }
            let inner = first_type_argument(args)?;
            if is_transparent_wrapper(&path.path) {
                held_type(inner)
            } else if HOLDERS.contains(&name.as_str()) || is_result_alias_name(&name) {
                Some(inner)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The `Item` an iterator known by its bounds yields: the `T` of `impl
/// Iterator<Item = T>`, `dyn DoubleEndedIterator<Item = T>`.
fn iterated_item(ty: &Type) -> Option<&Type> {
    let bounds = match ty {
        Type::ImplTrait(bounded) => &bounded.bounds,
        Type::TraitObject(object) => &object.bounds,
        Type::Paren(paren) => return iterated_item(&paren.elem),
        Type::Group(group) => return iterated_item(&group.elem),
        _ => return None,
    };
    bounded_item(bounds)
}

/// The `T` of an `Iterator<Item = T>` (or `DoubleEndedIterator`, ...)
/// among trait bounds.
fn bounded_item<'a>(bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>) -> Option<&'a Type> {
    bounds.into_iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if !last.ident.to_string().ends_with("Iterator") {
            return None;
        }
        let PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|arg| match arg {
            GenericArgument::AssocType(binding) if binding.ident == "Item" => Some(&binding.ty),
            _ => None,
        })
    })
}

/// The first type argument, lifetimes skipped: the `T` of
/// `MutexGuard<'_, T>` and `Ref<'b, T>` as of `Vec<T>`.
fn first_type_argument(args: &syn::AngleBracketedGenericArguments) -> Option<&Type> {
    match args
        .args
        .iter()
        .find(|arg| !matches!(arg, GenericArgument::Lifetime(_)))?
    {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The path of the `T` a written type holds (see [`held_type`]).
fn unwrapped_path(ty: &Type) -> Option<Vec<String>> {
    held_type(ty).and_then(type_path)
}

/// The `T` a written type holds two levels down: `Option<Vec<T>>`,
/// `Vec<Vec<T>>`, `&[Option<T>]`, `Result<Box<[T]>, E>`.
fn twice_unwrapped_path(ty: &Type) -> Option<Vec<String>> {
    held_type(ty).and_then(unwrapped_path)
}

/// Smart pointers and references that method calls see through.
pub(super) const TRANSPARENT_WRAPPERS: &[&str] = &[
    "Box",
    "Rc",
    "Arc",
    "RefMut",
    "Ref",
    "MutexGuard",
    "Pin",
    "Cow",
];

/// Whether a written type path is one of [`TRANSPARENT_WRAPPERS`] that a
/// method call sees through: by its last name, unless a one-segment name
/// is the crate's own type in the file being read
/// ([`own_wrappers::is_own_wrapper`]: triomphe's `Arc`, dashmap's `Ref`).
fn is_transparent_wrapper(path: &syn::Path) -> bool {
    let Some(last) = path.segments.last() else {
        return false;
    };
    TRANSPARENT_WRAPPERS
        .iter()
        .any(|wrapper| last.ident == wrapper)
        && !(path.segments.len() == 1 && own_wrappers::is_own_wrapper(&last.ident))
}

/// std's smart pointers with methods of their own that a method call
/// reaches before the pointee's (`Arc::clone`, `Pin::as_mut`).
const SMART_POINTERS: &[&str] = &["Arc", "Box", "Pin", "Rc", "Cow"];

/// Whether a path names a member of a type or trait (`Display::fmt`,
/// `fmt::Debug::fmt`): its next-to-last segment is capitalised. `Self::f`
/// is left out: its impl already says which type.
fn names_a_trait_or_type_member(path: &syn::Path) -> bool {
    let mut segments = path.segments.iter().rev();
    let (Some(_), Some(owner)) = (segments.next(), segments.next()) else {
        return false;
    };
    owner.ident != "Self" && is_capitalised(&owner.ident)
}

/// Whether an identifier (raw or not) starts with a capital letter, as
/// types, traits and variants do. Asked of every path in every body, so
/// the name is not copied out: formatting stops at its first letter.
fn is_capitalised(ident: &proc_macro2::Ident) -> bool {
    struct FirstLetter(Option<char>);
    impl std::fmt::Write for FirstLetter {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            match text.trim_start_matches("r#").chars().next() {
                Some(first) => {
                    self.0 = Some(first);
                    Err(std::fmt::Error) // seen enough
                }
                None => Ok(()),
            }
        }
    }
    let mut first = FirstLetter(None);
    let _ = std::fmt::write(&mut first, format_args!("{ident}"));
    first.0.is_some_and(|c| c.is_ascii_uppercase())
}

/// Whether a call at `callee` makes one of std's holders around its one
/// argument (`ManuallyDrop::new(v)`, `RefCell::new(v)`), whose methods or
/// derefs then reach what the argument is.
fn wraps_its_argument(callee: &[String]) -> bool {
    matches!(callee, [.., holder, constructor]
    if constructor == "new"
        && matches!(
            holder.as_str(),
            "ManuallyDrop" | "MaybeUninit" | "Cell" | "RefCell" | "UnsafeCell" | "Mutex" | "RwLock"
        ))
}

/// The smart pointer a call of a std constructor at `callee` makes from
/// its one argument: `Pin::new`, `Box::new`, `Arc::new`, `Rc::new`
/// (`Box::pin` pins a box, whose methods matter less than the pin's).
fn pointer_constructor(callee: &[String]) -> Option<&'static str> {
    let [.., pointer, constructor] = callee else {
        return None;
    };
    let pointer = SMART_POINTERS
        .iter()
        .find(|known| *known == pointer)
        .copied()?;
    match (pointer, constructor.as_str()) {
        (_, "new") | ("Pin", "new_unchecked") => Some(pointer),
        ("Box", "pin") => Some("Pin"),
        _ => None,
    }
}

/// The smart pointer a written type is, behind references and
/// parentheses: `&Arc<Shared>` → `Arc`, `Pin<&mut Self>` → `Pin`.
pub fn smart_pointer(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Reference(reference) => smart_pointer(&reference.elem),
        Type::Paren(paren) => smart_pointer(&paren.elem),
        Type::Group(group) => smart_pointer(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            if !matches!(last.arguments, PathArguments::AngleBracketed(_)) {
                return None;
            }
            SMART_POINTERS
                .iter()
                .find(|pointer| last.ident == pointer)
                .copied()
        }
        _ => None,
    }
}

/// The nameable type behind a written type: `&mut Foo`, `Box<Foo>` and
/// `Arc<Foo>` all call `Foo`'s methods; `*const u8` and `&[u8]` call the
/// pointer's and the slice's.
pub fn type_guess(ty: &Type) -> Option<TypeGuess> {
    value_type_path(ty).map(TypeGuess::Path)
}

/// The one-segment path that stands for slices and arrays in a value's
/// type: no written path can be `[]`, so it never names an item.
pub const SLICE_TYPE: &str = "[]";
/// The pseudo-method a range index (`v[a..b]`) is recorded as, what it
/// gives depending on `v`'s type; no method can be named so.
pub const RANGE_INDEX: &str = "[..]";
/// The one-segment path that stands for `*const T` raw pointers.
pub const POINTER_TYPE: &str = "*";
/// The one-segment path that stands for `*mut T` raw pointers: a different
/// type, whose extension-trait impls (`impl<T> Ext for *mut T`) a `*const`
/// value never calls.
pub const POINTER_MUT_TYPE: &str = "*mut";

/// [`type_path`] for the type of a value (a parameter, field, return or
/// cast): slices, arrays and raw pointers, which have methods of std's but
/// no path, become [`SLICE_TYPE`], [`POINTER_TYPE`] and [`POINTER_MUT_TYPE`], and `impl Trait` /
/// `dyn Trait` (`-> impl Iterator<Item = u8> + '_`, `Box<dyn Error>`) a
/// value known by its first trait, whose methods it calls.
pub fn value_type_path(ty: &Type) -> Option<Vec<String>> {
    path_behind(ty, true)
}

/// Path segments of the nameable type behind a written type.
pub fn type_path(ty: &Type) -> Option<Vec<String>> {
    path_behind(ty, false)
}

/// The path behind references, parentheses and the smart pointers method
/// calls see through; with `of_value`, also the stand-ins of
/// [`value_type_path`].
fn path_behind(ty: &Type, of_value: bool) -> Option<Vec<String>> {
    match ty {
        Type::Reference(reference) => path_behind(&reference.elem, of_value),
        Type::Paren(paren) => path_behind(&paren.elem, of_value),
        Type::Group(group) => path_behind(&group.elem, of_value),
        Type::Slice(_) | Type::Array(_) if of_value => Some(vec![SLICE_TYPE.to_string()]),
        Type::Ptr(pointer) if of_value => Some(vec![if pointer.mutability.is_some() {
            POINTER_MUT_TYPE.to_string()
        } else {
            POINTER_TYPE.to_string()
        }]),
        Type::ImplTrait(bounded) if of_value => bound_paths(&bounded.bounds).into_iter().next(),
        Type::TraitObject(object) if of_value => bound_paths(&object.bounds).into_iter().next(),
        // `<&'a I as IntoParallelIterator>::Iter`: the trait's associated
        // type, known by its bounds whatever `I` is.
        Type::Path(path) if path.qself.as_ref().is_some_and(|qself| qself.position > 0) => {
            Some(segments(&path.path))
        }
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            if is_transparent_wrapper(&path.path) {
                if let PathArguments::AngleBracketed(args) = &last.arguments {
                    if let Some(inner) = first_type_argument(args) {
                        return path_behind(inner, of_value);
                    }
                }
            }
            Some(segments(&path.path))
        }
        _ => None,
    }
}

/// Whether a path written in a body may name a type: Rust's types are
/// `UpperCamelCase`, modules, functions and locals are not. The prelude's
/// variants alone (`Some(x)`, `None`) write no type.
fn may_name_a_type(path: &syn::Path) -> bool {
    if path.segments.len() == 1
        && ["Some", "None", "Ok", "Err"]
            .iter()
            .any(|v| path.segments[0].ident == v)
    {
        return false;
    }
    path.segments
        .iter()
        .any(|segment| is_capitalised(&segment.ident))
}

pub fn segments(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| super::items::ident_name(&segment.ident))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(source: &str) -> Vec<(SiteKind, String, Option<TypeGuess>)> {
        let item: syn::ItemFn = syn::parse_str(source).unwrap();
        let generics: Vec<String> = item
            .sig
            .generics
            .type_params()
            .map(|param| param.ident.to_string())
            .collect();
        let mut collector = SiteCollector::new(&generics);
        collector.signature(&item.sig);
        collector.body(&item.block);
        collector
            .sites
            .into_iter()
            .map(|site| (site.kind, site.path.join("::"), site.receiver))
            .collect()
    }

    #[test]
    fn calls_in_macro_arguments_that_are_not_an_expression_list_count() {
        // `for_both!`, `select!`: pieces between `,`, `;` and `=>`.
        let sites = collect(
            "fn f(e: Either) {
                for_both!(e, inner => inner.fill(helper(1)));
                select! { v = rx.recv() => handle(v), else => fallback(), }
                matches!(e, Some(x) if guarded(x));
            }",
        );
        let calls: Vec<&str> = sites
            .iter()
            .filter(|(kind, _, _)| matches!(kind, SiteKind::Call | SiteKind::MethodCall))
            .map(|(_, path, _)| path.as_str())
            .collect();
        assert_eq!(calls, ["fill", "helper", "recv", "handle", "fallback"]);
    }

    #[test]
    fn calls_method_receivers_and_function_values() {
        let sites = collect(
            "fn f<T: Into<u8>>(cfg: &Config, t: T) -> Result<Out> {
                let parser = Parser::new(cfg.path());
                let items: Vec<Item> = parser.run().unwrap();
                helpers::log(items.iter().map(Item::name));
                println!(\"{}\", render(&items));
                self.cache.get(1);
                Ok(Out)
            }",
        );
        let path = |s: &str| TypeGuess::Path(s.split("::").map(str::to_string).collect());
        assert!(sites.contains(&(SiteKind::TypeRef, "Config".into(), None)));
        assert!(sites.contains(&(SiteKind::TraitRef, "Into".into(), None)));
        assert!(
            !sites.iter().any(|(_, p, _)| p == "T"),
            "generic parameters name no item"
        );
        assert!(sites.contains(&(SiteKind::MethodCall, "path".into(), Some(path("Config")))));
        // A type's member called with arguments keeps its first argument's
        // guess (which impl of a trait, or of `From`, it calls).
        let config_path = TypeGuess::MethodReturn(Box::new(path("Config")), "path".into());
        assert!(sites.contains(&(SiteKind::Call, "Parser::new".into(), Some(config_path))));
        let parser_new = TypeGuess::ReturnOf(vec!["Parser".into(), "new".into()]);
        assert!(sites.contains(&(SiteKind::MethodCall, "run".into(), Some(parser_new))));
        assert!(sites.contains(&(SiteKind::Call, "helpers::log".into(), None)));
        assert!(sites.contains(&(SiteKind::FnValue, "Item::name".into(), None)));
        assert!(sites.contains(&(SiteKind::MacroCall, "println".into(), None)));
        assert!(
            sites.contains(&(SiteKind::Call, "render".into(), None)),
            "calls inside macro arguments count"
        );
        let field = TypeGuess::FieldOf(Box::new(path("Self")), "cache".into());
        assert!(sites.contains(&(SiteKind::MethodCall, "get".into(), Some(field))));
        assert!(sites.contains(&(SiteKind::Call, "Ok".into(), None)));
    }

    #[test]
    fn capitalised_names_raw_or_not() {
        let ident = |text: &str| syn::parse_str::<syn::Ident>(text).expect("an identifier");
        assert!(is_capitalised(&ident("Foo")));
        assert!(is_capitalised(&ident("r#Foo")));
        assert!(!is_capitalised(&ident("foo")));
        assert!(!is_capitalised(&ident("r#type")));
        assert!(!is_capitalised(&ident("_Foo")));
    }
}
