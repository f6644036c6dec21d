#!/usr/bin/env python3
"""Writes the hand-made office test files of clausier's DOCX/ODT readers.

Run from this folder: `python3 make_testdata.py`. It writes word-like.docx (a WordprocessingML
package written by hand with the constructs Word produces), the hostile files
(entity-bomb.docx, zip-bomb.docx, truncated.docx) and sample.fodt, which LibreOffice then
converts (see README.md).
"""

import zipfile

W = ("xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
     "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
     "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
     "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
     "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
     "xmlns:v=\"urn:schemas-microsoft-com:vml\" "
     "mc:Ignorable=\"\"")
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NBSP = "\u00a0"


def run(text, space=True):
    attr = ' xml:space="preserve"' if space else ""
    return f"<w:r><w:t{attr}>{text}</w:t></w:r>"


def para(inner, style=None, extra_ppr=""):
    ppr = ""
    if style or extra_ppr:
        s = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f"<w:pPr>{s}{extra_ppr}</w:pPr>"
    return f"<w:p>{ppr}{inner}</w:p>"


def numbered(text, num_id, ilvl):
    return para(run(text), extra_ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def cell(*paragraphs):
    return "<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr>" + "".join(paragraphs) + "</w:tc>"


def row(*cells):
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def table(*rows):
    return ("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
            "<w:tblGrid><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/></w:tblGrid>"
            + "".join(rows) + "</w:tbl>")


def text_box(text):
    inner = para(run(text))
    choice = ("<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" "
              "simplePos=\"0\" relativeHeight=\"1\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">"
              "<wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>"
              "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>"
              "<wp:extent cx=\"1828800\" cy=\"457200\"/><wp:wrapSquare wrapText=\"bothSides\"/>"
              "<wp:docPr id=\"1\" name=\"Zone de texte 1\"/><a:graphic><a:graphicData "
              "uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp>"
              "<wps:cNvSpPr txBox=\"1\"/><wps:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"1828800\" cy=\"457200\"/></a:xfrm>"
              "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></wps:spPr>"
              f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
              "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>")
    fallback = ("<mc:Fallback><w:pict><v:shape id=\"box1\" style=\"width:144pt;height:36pt\">"
                f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>")
    return f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


BODY = "".join([
    para(run("Conditions d’exécution"), style="Titre1"),
    para(run("Clause sociale d’insertion"), style="Titre2"),
    para(run("Objet"), style="Titre3"),
    # Word splits a word around a spelling mark.
    para(run("L’entreprise s’engage à réaliser une action d’inser")
         + '<w:proofErr w:type="spellStart"/>' + run("tion", False)
         + '<w:proofErr w:type="spellEnd"/>' + run(".", False)),
    para(run("Voir ") + '<w:hyperlink r:id="rIdLink" w:history="1">' + run("le guide") + "</w:hyperlink>"
         + run(" de la ") + '<w:smartTag w:uri="urn:x" w:element="role">' + run("facilitatrice") + "</w:smartTag>"
         + run(", page ") + '<w:fldSimple w:instr=" PAGE ">' + run("3") + "</w:fldSimple>" + run(".")),
    para(run("Date limite : ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         + '<w:r><w:instrText xml:space="preserve"> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>'
         + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("15/03/2025")
         + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
    para(run("Volume") + "<w:r><w:tab/></w:r>" + run(": 35 heures") + "<w:r><w:br/></w:r>"
         + run("main") + "<w:r><w:noBreakHyphen/></w:r>" + run("d’œuvre ")
         + '<w:r><w:sym w:font="Symbol" w:char="2192"/></w:r>' + run(" suivi")
         + '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'),
    para(run("L’entreprise contacte ")
         + '<w:del w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>Pôle emploi</w:delText></w:r></w:del>'
         + '<w:ins w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z">' + run("France Travail") + "</w:ins>"
         + run(".")),
    para(run("Ordre : ")
         + '<w:moveFrom w:id="3" w:author="A">' + run("ancien ") + "</w:moveFrom>"
         + '<w:moveTo w:id="4" w:author="A">' + run("nouveau") + "</w:moveTo>"),
    '<w:sdt><w:sdtPr><w:alias w:val="Bloc"/></w:sdtPr><w:sdtContent>'
    + para(run("Clause issue d’un bloc de contenu ") + '<w:sdt><w:sdtPr/><w:sdtContent>' + run("modifiable")
           + "</w:sdtContent></w:sdt>" + run("."))
    + "</w:sdtContent></w:sdt>",
    para(run("Conformément au code de la commande publique")
         + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
         + run(".") + '<w:r><w:commentReference w:id="0"/></w:r>'),
    para(run("Texte avant l’encadré.") + text_box("Encadré : 5 % des heures travaillées.")),
    para(run("Modalités"), style="Titre3"),
    table(
        row(cell(para(run("Lot"))), cell(para(run("Désignation"))), cell(para(run("Heures d’insertion")))),
        row(cell(para(run("01"))), cell(para(run("Gros œuvre")), para(run("(maçonnerie)"))),
            cell(para(run(f"1{NBSP}050 heures")))),
        row(cell(para(run("02"))),
            cell(para(run("Second œuvre")),
                 table(row(cell(para(run("Peinture"))), cell(para(run("150 heures")))))),
            cell(para(run("350 heures")))),
    ),
    numbered("Objet du marché", 2, 0),
    numbered("Insertion professionnelle", 2, 0),
    numbered("Publics éligibles", 2, 1),
    numbered("Suivi", 2, 1),
    numbered("Pénalités", 2, 0),
    numbered("Retenue", 2, 1),
    numbered("Demandeurs d’emploi de longue durée", 3, 0),
    para(run("Annexe"), extra_ppr='<w:outlineLvl w:val="1"/>'),
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH2"/>'
    '<w:footerReference w:type="default" r:id="rIdF1"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>',
])

DOCUMENT = f"{DECL}<w:document {W}><w:body>{BODY}</w:body></w:document>"


def style(sid, name, level, num_level):
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
            f'<w:pPr><w:keepNext/><w:numPr><w:ilvl w:val="{num_level}"/><w:numId w:val="1"/></w:numPr>'
            f'<w:outlineLvl w:val="{level}"/></w:pPr></w:style>')


STYLES = (f"{DECL}<w:styles {W}>"
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          # Titre1 is recognised by its name alone; the others also carry an outline level.
          '<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
          '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
          + style("Titre2", "heading 2", 1, 1) + style("Titre3", "heading 3", 2, 2)
          + "</w:styles>")


def level(ilvl, fmt, text, start=1, pstyle=None):
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{ps}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


NUMBERING = (f"{DECL}<w:numbering {W}>"
             '<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>'
             + level(0, "decimal", "%1", 4, "Titre1") + level(1, "decimal", "%1.%2", 5, "Titre2")
             + level(2, "decimal", "%1.%2.%3", 1, "Titre3") + "</w:abstractNum>"
             '<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="multilevel"/>'
             + level(0, "decimal", "Article %1 –") + level(1, "lowerLetter", "%2)") + "</w:abstractNum>"
             '<w:abstractNum w:abstractNumId="30"><w:multiLevelType w:val="singleLevel"/>'
             + level(0, "bullet", "\uf0b7") + "</w:abstractNum>"
             '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>'
             "</w:numbering>")

FOOTNOTES = (f"{DECL}<w:footnotes {W}>"
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
             '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
             + run(" Voir l’article L. 2112-2 du code de la commande publique.") + "</w:p></w:footnote>"
             "</w:footnotes>")

ENDNOTES = (f"{DECL}<w:endnotes {W}>"
            '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
            "</w:endnotes>")

HEADER = f"{DECL}<w:hdr {W}>" + para(run("Marché de travaux – Lot 01")) + "</w:hdr>"
FOOTER = (f"{DECL}<w:ftr {W}>" + para(run("Page ") + '<w:fldSimple w:instr=" PAGE ">' + run("1")
                                        + "</w:fldSimple>") + "</w:ftr>")
COMMENTS = (f"{DECL}<w:comments {W}>"
            '<w:comment w:id="0" w:author="Relecteur" w:date="2025-01-01T00:00:00Z" w:initials="R">'
            + para(run("À vérifier avec la facilitatrice.")) + "</w:comment></w:comments>")

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_RELS = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdN" Type="{REL}/numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rIdFn" Type="{REL}/footnotes" Target="footnotes.xml"/>'
            f'<Relationship Id="rIdEn" Type="{REL}/endnotes" Target="endnotes.xml"/>'
            f'<Relationship Id="rIdC" Type="{REL}/comments" Target="comments.xml"/>'
            f'<Relationship Id="rIdH1" Type="{REL}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdH2" Type="{REL}/header" Target="header2.xml"/>'
            f'<Relationship Id="rIdF1" Type="{REL}/footer" Target="footer1.xml"/>'
            f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" Target="https://example.org/guide" TargetMode="External"/>'
            "</Relationships>")
ROOT_RELS = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = (f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 f'<Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>'
                 f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/>'
                 f'<Override PartName="/word/numbering.xml" ContentType="{WML}.numbering+xml"/>'
                 f'<Override PartName="/word/footnotes.xml" ContentType="{WML}.footnotes+xml"/>'
                 f'<Override PartName="/word/endnotes.xml" ContentType="{WML}.endnotes+xml"/>'
                 f'<Override PartName="/word/comments.xml" ContentType="{WML}.comments+xml"/>'
                 f'<Override PartName="/word/header1.xml" ContentType="{WML}.header+xml"/>'
                 f'<Override PartName="/word/header2.xml" ContentType="{WML}.header+xml"/>'
                 f'<Override PartName="/word/footer1.xml" ContentType="{WML}.footer+xml"/>'
                 "</Types>")


def write_docx(path, document, extra=True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        if extra:
            z.writestr("word/styles.xml", STYLES)
            z.writestr("word/numbering.xml", NUMBERING)
            z.writestr("word/footnotes.xml", FOOTNOTES)
            z.writestr("word/endnotes.xml", ENDNOTES)
            z.writestr("word/comments.xml", COMMENTS)
            z.writestr("word/header1.xml", HEADER)
            z.writestr("word/header2.xml", HEADER)
            z.writestr("word/footer1.xml", FOOTER)


write_docx("word-like.docx", DOCUMENT)

# Billion laughs: ten levels of ten references would expand to 10^9 "lol".
entities = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
write_docx("entity-bomb.docx",
           f'{DECL}<!DOCTYPE w:document [{entities}]><w:document {W}><w:body>'
           + para("<w:r><w:t>&lol9;</w:t></w:r>") + "</w:body></w:document>", extra=False)

# 60 MB of spaces deflate to about 60 KB: a bomb by ratio, far below the 512 MB budget.
with zipfile.ZipFile("zip-bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("word/document.xml",
               f"{DECL}<w:document {W}><w:body><w:p><w:r><w:t>" + " " * (60 * 1024 * 1024)
               + "</w:t></w:r></w:p></w:body></w:document>")

with open("word-like.docx", "rb") as f:
    data = f.read()
with open("truncated.docx", "wb") as f:
    f.write(data[: len(data) * 60 // 100])
