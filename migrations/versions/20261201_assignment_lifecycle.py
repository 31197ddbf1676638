"""assignment lifecycle: soft withdrawal and the record of reassignments

Revision ID: 5c1d7a2e9f30
Revises: 100b0d95805e
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa


revision = '5c1d7a2e9f30'
down_revision = '100b0d95805e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch table copy would trip the foreign keys of a populated SQLite database.
    op.add_column('assignments', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('assignment_handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('from_tester_id', sa.Integer(), nullable=False),
    sa.Column('to_tester_id', sa.Integer(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=False),
    sa.Column('handed_over_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['from_tester_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['to_tester_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assignment_handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_handovers_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_handovers_from_tester_id'), ['from_tester_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assignment_handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_handovers_from_tester_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_handovers_assignment_id'))
    op.drop_table('assignment_handovers')
    op.drop_column('assignments', 'withdrawn_at')
