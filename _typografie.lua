--[[
Dutch house typography for every page of the book, in HTML and PDF alike.

Quarto runs this Pandoc filter on each page before its own filters (`filters:` in
_quarto.yml), so it sees every word a reader gets: prose from the %%tekst templates, the
Markdown cells, captions, table cells. What it does:

  1. a number range gets an en dash without spaces: "18-65" and "0,64 – 1,98" become
     "18–65" and "0,64–1,98";
  2. a number and the word that belongs with it are joined by a non-breaking space, so no
     line breaks between them: "40 jaar", "12 procentpunten", "Tabel 7.1", "mbo-niveau 2",
     "bijlage D" (the words are those of data/typografie.yml, which the pipeline copies into
     the build's _quarto.yml as metadata `typografie`);
  3. a quotation gets the marks of its language: ‘…’ in Dutch, “…” in English (a div or
     span with `lang="en"`).

analysis/checks/pages.py checks the rendered pages for the same rules, so a rule this filter
misses shows up as a failing test rather than on a page.
--]]

local NBSP = "\u{00A0}"
local EN_DASH = "\u{2013}"

local na_getal = {}
local voor_getal = {}
local marks = { nl = { "\u{2018}", "\u{2019}" }, en = { "\u{201C}", "\u{201D}" } }

local function read_config(meta)
  local cfg = meta.typografie
  if not cfg then
    return
  end
  for _, w in ipairs(cfg.na_getal or {}) do
    na_getal[pandoc.utils.stringify(w):lower()] = true
  end
  for _, w in ipairs(cfg.voor_getal or {}) do
    voor_getal[pandoc.utils.stringify(w)] = true
  end
  for lang, pair in pairs(cfg.aanhalingstekens or {}) do
    marks[lang] = { pandoc.utils.stringify(pair[1]), pandoc.utils.stringify(pair[2]) }
  end
end

-- 1. ranges ---------------------------------------------------------------------------------
local function ranges(text)
  -- a hyphen (or a minus used as one) between two digits
  return (text:gsub("(%d)%-(%d)", "%1" .. EN_DASH .. "%2"))
end

local function is_dash(el)
  return el and el.t == "Str" and (el.text == EN_DASH or el.text == "-" or el.text == "\u{2014}")
end

local function ends_in_number(text)
  return text:match("%d[%%]?$") ~= nil
end

local function starts_with_number(text)
  -- "7", "7.1", "D.7", "D" alone (an appendix), "+3", "−2"
  return text:match("^[%+]?%d") ~= nil
    or text:match("^\u{2212}%d") ~= nil
    or text:match("^%u%.%d") ~= nil
    or text:match("^%u[%.,;:%)]?$") ~= nil
end

local function leading_word(text)
  return (text:match("^[%a%%]+") or text:match("^%%") or ""):lower()
end

local function trailing_word(text)
  -- the word before the space, without an opening bracket or quote: "(Tabel" -> "Tabel"
  return text:match("([%a%-]+)$") or ""
end

local function is_space(el)
  return el and (el.t == "Space" or el.t == "SoftBreak")
end

-- a cross-reference or link that shows a number: "hoofdstuk -@sec-x" after Quarto
local function is_number_ref(el)
  if not el then
    return false
  end
  if el.t == "Cite" then
    return true -- a cross-reference Quarto resolves later ("-@sec-x": the number alone)
  end
  if el.t == "Link" or el.t == "Span" then
    -- in a book's HTML a reference to another chapter is still a link holding its label
    -- ("sec-werk"); Quarto writes the number in after every page is rendered
    local text = pandoc.utils.stringify(el)
    return starts_with_number(text) or text:match("^%??@") ~= nil
      or text:match("^sec%-") ~= nil
  end
  return el.t == "RawInline" and el.text:match("^#ref%(") ~= nil
end

-- 1 and 2 on a list of inlines: merge Str Space Str into one Str where they belong together
local function join(inlines)
  local out = pandoc.List()
  local i = 1
  local n = #inlines
  while i <= n do
    local el = inlines[i]
    local prev = out[#out]
    if is_space(el) and prev and prev.t == "Str" and i < n and inlines[i + 1].t == "Str" then
      local nxt = inlines[i + 1]
      -- "0,64 – 1,98": a spaced dash between two numbers is a range
      if is_dash(nxt) and ends_in_number(prev.text) and is_space(inlines[i + 2])
        and inlines[i + 3] and inlines[i + 3].t == "Str" and starts_with_number(inlines[i + 3].text)
        and not inlines[i + 3].text:match("^%u") then
        prev.text = prev.text .. EN_DASH .. inlines[i + 3].text
        i = i + 4
        goto continue
      end
      if (ends_in_number(prev.text) and na_getal[leading_word(nxt.text)])
        or (voor_getal[trailing_word(prev.text)] and starts_with_number(nxt.text)) then
        prev.text = prev.text .. NBSP .. nxt.text
        i = i + 2
        goto continue
      end
    end
    -- "hoofdstuk" before a reference that Quarto turns into the number
    if is_space(el) and prev and prev.t == "Str" and voor_getal[trailing_word(prev.text)]
      and is_number_ref(inlines[i + 1]) then
      out:insert(pandoc.Str(NBSP))
      i = i + 1
      goto continue
    end
    out:insert(el)
    i = i + 1
    ::continue::
  end
  return out
end

-- 3. quotation marks ------------------------------------------------------------------------
-- The mark itself. Pandoc's Typst writer would write a closing mark as `'`, which Typst's
-- smart quotes then turn the wrong way after a full stop or question mark ("‘ca.‘"); a
-- raw Typst character is printed as it is.
local function mark(char)
  if FORMAT:match("typst") then
    return pandoc.RawInline("typst", char)
  end
  return pandoc.Str(char)
end

local function quotes_in(lang)
  local pair = marks[lang] or marks.nl
  return {
    Quoted = function(q)
      local out = pandoc.List({ mark(pair[1]) })
      out:extend(q.content)
      out:insert(mark(pair[2]))
      return out
    end,
  }
end

local function short(lang)
  return (lang or "nl"):match("^(%a+)"):lower()
end

function Pandoc(doc)
  read_config(doc.meta)
  local book = short(pandoc.utils.stringify(doc.meta.lang or "nl"))
  -- quotations inside a part in another language first, then the rest in the book's
  local function other_language(el)
    local lang = el.attributes and el.attributes.lang
    if lang and short(lang) ~= book then
      return el:walk(quotes_in(short(lang)))
    end
  end
  doc = doc:walk({ Div = other_language, Span = other_language })
  doc = doc:walk(quotes_in(book))
  doc = doc:walk({ Str = function(s) s.text = ranges(s.text); return s end })
  return doc:walk({ Inlines = join })
end
