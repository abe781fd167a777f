"""上传报告: save report files into the reviewer's own reports folder and read each one at once.

Uploads never go into the bundled sample (data/ of the checkout, read-only): they go to the folder of
pages.ui.data.reports_folder (--reports, $NIANBAO_REPORTS or the default under the user's data
directory), and the app then shows that folder.

A thin page: loaders.upload saves, checks and reads; this page only takes the files and shows one
result per file. Nothing from a file is rendered as markup (results go into a dataframe).
"""
import streamlit as st

from loaders import upload
from pages.ui import blocks
from pages.ui.data import forget_listing, is_sample_folder, reports_folder

_KEY = "_upload_round"  # a new uploader key after each save clears the chosen files
_RESULTS = "_upload_results"
# Streamlit's file uploader labels its button and hint in English whatever the page's language; these
# rules draw Chinese text in their place (the hint repeats the limits stated above the uploader).
_UPLOADER_IN_CHINESE = """<style>
[data-testid="stFileUploaderDropzone"] button p, [data-testid="stFileUploaderDropzoneInstructions"] span {
  font-size: 0; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "HINT"; font-size: 0.875rem; }
</style>""".replace("HINT", f"或将文件拖放到这里 · 每个文件不超过 {upload.MAX_UPLOAD_MB} MB")

blocks.header("上传报告", upload.accepted_types_text())
st.caption("每个文件先读取再保存：读取失败的文件（如扫描件、损坏或伪装的文件）不保存；"
           "与已有文件内容相同的不重复保存；同名但内容不同的另存为新文件名，不覆盖原文件。")
folder = reports_folder()
read_only = is_sample_folder(folder)
# where the files go on the server is for administrators (README, 总览's help), not a reviewer's business
if read_only:  # named with --reports: the sample stays as generated (tests compare it with a fresh run)
    st.warning("当前的报告文件夹是随附的示例数据，只读，不接收上传；请管理员指定您自己的报告文件夹"
               "（见「总览」页的“如何显示实际报告”）。", icon="⚠️")
else:
    st.caption("上传的报告保存到您的报告文件夹，保存后各页面立即包含这些报告。")
st.html(_UPLOADER_IN_CHINESE)

round_no = st.session_state.get(_KEY, 0)
files = st.file_uploader("选择报告文件（可多选）", type=[s.lstrip(".") for s in upload.ACCEPTED_SUFFIXES],
                         accept_multiple_files=True, max_upload_size=upload.MAX_UPLOAD_MB,
                         key=f"upload_files_{round_no}")
if st.button("保存并读取", type="primary", disabled=not files or read_only):
    with st.spinner("正在保存并读取…"):
        results = upload.save_uploads(files, folder)  # each file's bytes are taken once its size passed
    st.session_state[_RESULTS] = upload.results_frame(results)
    forget_listing()  # the other pages read the new files at once
    st.session_state[_KEY] = round_no + 1
    st.rerun()

table = st.session_state.get(_RESULTS)
if table is not None:
    counts = table["结果"].value_counts()
    st.subheader("本次上传结果")
    st.text(f"共 {len(table)} 个文件：完整读取 {counts.get('完整读取', 0)}，部分读取 {counts.get('部分读取', 0)}，"
            f"读取失败 {counts.get('读取失败', 0)}；新保存 {int((table['保存'] == '已保存').sum())} 个。")
    # 说明 (why a file was not read whole) comes right after the result, wrapped on three-line rows
    widths = {"上传文件": 120, "结果": 64, "说明": 260, "保存": 56, "保存为": 120}
    blocks.table(table, row_height=blocks.WRAPPED_ROW_HEIGHT,
                 column_config={c: st.column_config.Column(width=w) for c, w in widths.items()},
                 column_order=list(widths) + [c for c in table.columns if c not in widths])
