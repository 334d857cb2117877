import { Parser } from 'htmlparser2';

/**
 * Our own list of filter-evasion payloads, after the families of the OWASP XSS Filter Evasion Cheat Sheet: script
 * tags in every disguise, event handlers, javascript:/vbscript:/data: URLs encoded with entities, tabs, newlines and
 * control characters, malformed and unclosed tags, SVG and MathML, CSS expressions and url(), meta refresh, base,
 * frames, objects, forms, and mutation-XSS shapes that change meaning when re-parsed. Every one calls `alert`, loads
 * something, or both; none may survive sanitizing.
 */
export const XSS_PAYLOADS: readonly string[] = [
  `<script>alert('XSS')</script>`,
  `<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<a href="jav&#x09;ascript:alert(1)">tab</a>`,
  `<a href="&#1;javascript:alert(1)">control</a>`,
  `<a href="  javascript:alert(1)">spaces</a>`,
  `<a href="JAVASCRIPT:alert(1)">caps</a>`,
  `<a href="javascript&colon;alert(1)">named entity</a>`,
  `<a href="vbscript:msgbox(1)">vbscript</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>`,
  `<a href="//xss.example/">protocol-relative</a>`,
  `<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>`,
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=https://xss.example/xss.js?< B >`,
  '<IMG SRC="`<javascript:alert>`(\'XSS\')"',
  `<iframe src=https://xss.example/scriptlet.html <`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<BR SIZE="&{alert('XSS')}">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<TABLE BACKGROUND="javascript:alert('XSS')">`,
  `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`,
  `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`,
  `<DIV STYLE="width: expression(alert('XSS'));">`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `<XSS STYLE="behavior: url(xss.htc);">`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  `<IMG SRC="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>">`,
  `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
  `<form><button formaction=javascript:alert(1)>envoyer</button></form>`,
  `<form action="javascript:alert(1)"><input type=submit></form>`,
  `<details open ontoggle=alert(1)>`,
  `<video><source onerror="alert(1)"></video>`,
  `<audio src=x onerror=alert(1)>`,
  `<body onpageshow=alert(1)>`,
  `<marquee onstart=alert(1)>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<p style="position:fixed;top:0;left:0;width:100%;height:100%">couvre la page</p>`,
  `<img src="https://tracker.example/pixel.png?u=1" width="1" height="1">`,
  `<a href="https://ecole.example/" target="_self" rel="opener">lien</a>`,
  `<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"> </HEAD>+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-`,
  `<xmp><img src=x onerror=alert(1)></xmp>`,
  `<textarea><img src=x onerror=alert(1)></textarea>`,
  `<template><img src=x onerror=alert(1)></template>`,
  `<img src=x:alert(alt) onerror=eval(src) alt=0>`,
  `"><script>alert(1)</script>`,
  `'><img src=x onerror=alert(1)>`,
  `<a href="java\u0000script:alert(1)">nul</a>`.replace('\u0000', '&#0;'),
];

/** Tags and attributes that may appear in stored bodies and e-mails (and the e-mail template's own frame). */
const SAFE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'body',
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'h1',
  'h2',
  'h3',
  'h4',
  'pre',
  'code',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const SAFE_ATTRIBUTES = new Set([
  'href',
  'title',
  'rel',
  'target',
  'alt',
  'width',
  'height',
  'src',
  'data-preau-src',
  'colspan',
  'rowspan',
  'start',
  'lang',
  'charset',
]);

/**
 * What in `html` could run or load something: a tag or attribute outside the allowlist, an event handler, a URL
 * that is not http(s)/mailto (entities decoded, whitespace and control characters removed as browsers do), an
 * image that would load from the network, a link without `rel="noopener noreferrer"`, a meta refresh.
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!SAFE_TAGS.has(name)) found.push(`<${name}>`);
        if (name === 'meta' && Object.keys(attribs).some((k) => k !== 'charset'))
          found.push('<meta> other than charset');
        for (const [key, value] of Object.entries(attribs)) {
          if (!SAFE_ATTRIBUTES.has(key)) found.push(`${name}[${key}]`);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop them from URLs
          const url = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if ((key === 'href' || key === 'data-preau-src') && !/^(https?:|mailto:)/.test(url)) {
            found.push(`${name}[${key}=${value}]`);
          }
          if (key === 'src' && !/^data:image\/(png|jpeg|gif|webp);base64,/.test(url))
            found.push(`${name}[src=${value}]`);
        }
        if (name === 'a' && attribs.rel !== 'noopener noreferrer')
          found.push(`a without rel (${attribs.rel ?? ''})`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
