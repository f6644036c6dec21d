//! A scanned page's image, taken from the PDF as it is stored, in a form Tesseract reads from
//! memory: JPEG (DCTDecode) and JPEG 2000 (JPXDecode) as they are, CCITT fax data wrapped in a
//! TIFF header, uncompressed or Flate samples (PNG predictors undone by lopdf) as a PNM image.

use crate::read::extract::Limits;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One page image and its resolution.
pub(crate) struct PageImage {
    /// An image file's bytes (JPEG, JPEG 2000, TIFF or PNM).
    pub bytes: Vec<u8>,
    /// Dots per inch, from the image's size and the page's.
    pub dpi: u32,
}

/// The image that is the page, as a scanner makes it: the largest image of the page, when its
/// shape is the page's and its resolution that of a scan. A logo or a photo on a text page is
/// not a scan.
pub(crate) fn page_image(doc: &Document, page: ObjectId, limits: &Limits) -> Option<PageImage> {
    let (page_w, page_h) = page_size(doc, page)?;
    let image = doc
        .get_page_images(page)
        .ok()?
        .into_iter()
        .max_by_key(|i| i.width.saturating_mul(i.height))?;
    let (w, h) = (image.width as f64, image.height as f64);
    if w < 1.0 || h < 1.0 {
        return None;
    }
    // A page may be drawn rotated: compare the shapes either way round.
    let (pw, ph) = if (w > h) == (page_w > page_h) {
        (page_w, page_h)
    } else {
        (page_h, page_w)
    };
    let same_shape = ((w / h) / (pw / ph) - 1.0).abs() < 0.15;
    let dpi = w / (pw / 72.0);
    if !same_shape || !(50.0..=1200.0).contains(&dpi) {
        return None;
    }
    let dict = image.origin_dict;
    let filters = image.filters.clone().unwrap_or_default();
    let bytes = match filters.last().map(String::as_str) {
        Some("DCTDecode" | "JPXDecode") if filters.len() == 1 => image.content.to_vec(),
        Some("CCITTFaxDecode") if filters.len() == 1 => {
            tiff_of_ccitt(image.content, dict, image.width, image.height)?
        }
        _ => {
            let stream = doc.get_object(image.id).ok()?.as_stream().ok()?;
            let limit = usize::try_from(limits.max_unpacked).unwrap_or(usize::MAX);
            let samples = stream.decompressed_content_with_limit(limit).ok()?;
            pnm(&samples, dict, image.width as usize, image.height as usize)?
        }
    };
    Some(PageImage {
        bytes,
        dpi: dpi.round() as u32,
    })
}

/// The page's width and height in points, from its (possibly inherited) crop or media box.
fn page_size(doc: &Document, page: ObjectId) -> Option<(f64, f64)> {
    let mut node: &Dictionary = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        for key in [&b"CropBox"[..], b"MediaBox"] {
            if let Ok(object) = node.get(key) {
                let (_, object) = doc.dereference(object).ok()?;
                let values: Vec<f64> = object
                    .as_array()
                    .ok()?
                    .iter()
                    .filter_map(|v| doc.dereference(v).ok()?.1.as_float().ok())
                    .map(f64::from)
                    .collect();
                if let [x0, y0, x1, y1] = values[..] {
                    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
                    return (w > 1.0 && h > 1.0).then_some((w, h));
                }
            }
        }
        node = doc
            .get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?)
            .ok()?;
    }
    None
}

/// The value of `key` in the image's decode parameters.
fn decode_parm<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let parms = dict.get(b"DecodeParms").ok()?;
    let parms = match parms {
        Object::Array(a) => a.first()?,
        other => other,
    };
    parms.as_dict().ok()?.get(key).ok()
}

/// CCITT fax data with a little-endian TIFF header in front: the PDF's `K` chooses Group 3
/// one- or two-dimensional or Group 4, `BlackIs1` the photometric interpretation.
fn tiff_of_ccitt(data: &[u8], dict: &Dictionary, width: i64, height: i64) -> Option<Vec<u8>> {
    let int = |key: &[u8], default: i64| {
        decode_parm(dict, key)
            .and_then(|v| v.as_i64().ok())
            .unwrap_or(default)
    };
    let k = int(b"K", 0);
    let columns = u32::try_from(int(b"Columns", width)).ok()?;
    let rows = match int(b"Rows", height) {
        r if r > 0 => u32::try_from(r).ok()?,
        _ => u32::try_from(height).ok()?,
    };
    let black_is_1 = decode_parm(dict, b"BlackIs1")
        .and_then(|v| v.as_bool().ok())
        .unwrap_or(false);
    let byte_align = decode_parm(dict, b"EncodedByteAlign")
        .and_then(|v| v.as_bool().ok())
        .unwrap_or(false);
    let (compression, options_tag, options) = if k < 0 {
        (4u32, 293u16, 0u32)
    } else {
        (3, 292, u32::from(k > 0) | if byte_align { 4 } else { 0 })
    };
    let length = u32::try_from(data.len()).ok()?;
    // Tags in ascending order: (tag, type SHORT=3 / LONG=4, value).
    let tags: [(u16, u16, u32); 10] = [
        (256, 4, columns),
        (257, 4, rows),
        (258, 3, 1),
        (259, 3, compression),
        (262, 3, u32::from(black_is_1)),
        (273, 4, 0), // strip offset, set below
        (277, 3, 1),
        (278, 4, rows),
        (279, 4, length),
        (options_tag, 4, options),
    ];
    let ifd_len = 2 + tags.len() * 12 + 4;
    let data_offset = u32::try_from(8 + ifd_len).ok()?;
    let mut out = Vec::with_capacity(8 + ifd_len + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(tags.len() as u16).to_le_bytes());
    for (tag, kind, value) in tags {
        let value = if tag == 273 { data_offset } else { value };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if kind == 3 {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(data);
    Some(out)
}

/// Decoded samples as a PNM image: 8-bit grey (P5) or RGB (P6), or 1-bit (P4, whose 1 is black
/// where a PDF's grey 1 is white).
fn pnm(samples: &[u8], dict: &Dictionary, width: usize, height: usize) -> Option<Vec<u8>> {
    let bits = dict
        .get(b"BitsPerComponent")
        .ok()
        .and_then(|b| b.as_i64().ok())
        .unwrap_or(8);
    let space = dict
        .get(b"ColorSpace")
        .ok()
        .and_then(|c| c.as_name().ok())
        .unwrap_or(b"DeviceGray");
    let inverted = dict
        .get(b"Decode")
        .ok()
        .and_then(|d| d.as_array().ok())
        .and_then(|d| d.first())
        .and_then(|v| v.as_float().ok())
        .is_some_and(|first| first > 0.5);
    let (magic, row) = match (space, bits) {
        (b"DeviceGray", 8) => ("P5", width),
        (b"DeviceRGB", 8) => ("P6", width * 3),
        (b"DeviceGray", 1) => ("P4", width.div_ceil(8)),
        _ => return None,
    };
    let body = samples.get(..row.checked_mul(height)?)?;
    let mut out = format!("{magic}\n{width} {height}\n").into_bytes();
    if magic != "P4" {
        out.extend_from_slice(b"255\n");
    }
    let flip = (magic == "P4") != inverted;
    if flip {
        out.extend(body.iter().map(|b| !b));
    } else {
        out.extend_from_slice(body);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ccitt_data_gets_a_tiff_header_pointing_at_it() {
        let mut parms = Dictionary::new();
        parms.set("K", -1);
        parms.set("Columns", 2481);
        let mut dict = Dictionary::new();
        dict.set("DecodeParms", parms);
        let tiff = tiff_of_ccitt(b"FAXDATA", &dict, 2481, 3508).unwrap();
        assert!(tiff.starts_with(b"II*\0"));
        assert!(tiff.ends_with(b"FAXDATA"));
        let offset = tiff.len() - 7;
        // The strip offset tag (273) holds where the data starts; compression 4 is Group 4.
        let entry = |tag: u16| {
            let at = (0..10)
                .map(|i| 10 + i * 12)
                .find(|&at| tiff[at..at + 2] == tag.to_le_bytes())
                .unwrap();
            u32::from_le_bytes(tiff[at + 8..at + 12].try_into().unwrap())
        };
        assert_eq!(entry(273) as usize, offset);
        assert_eq!(entry(259) & 0xFFFF, 4);
        assert_eq!(entry(256), 2481);
    }

    #[test]
    fn grey_samples_become_a_pgm_and_one_bit_grey_is_inverted() {
        let mut dict = Dictionary::new();
        dict.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
        dict.set("BitsPerComponent", 8);
        assert_eq!(
            pnm(&[0, 255], &dict, 2, 1).unwrap(),
            b"P5\n2 1\n255\n\x00\xff"
        );
        dict.set("BitsPerComponent", 1);
        assert_eq!(pnm(&[0b1111_0000], &dict, 8, 1).unwrap(), b"P4\n8 1\n\x0f");
        assert!(pnm(&[], &dict, 8, 1).is_none(), "too few samples");
    }
}
